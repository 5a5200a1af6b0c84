"""Prints a SARIF log's content one line per tool, rule and result, for
FileCheck: what sarif.test checks beyond the validator."""
import json
import os
import sys
import urllib.parse

with open(sys.argv[1]) as f:
    log = json.load(f)
print("version", log["version"], "runs", len(log["runs"]))
run = log["runs"][0]
driver = run["tool"]["driver"]
print("tool", driver["name"], driver["version"], "info", driver["informationUri"])
print("root", run.get("originalUriBaseIds", {}).get("SRCROOT", {}).get("uri"),
      "columns", run.get("columnKind"))


def exists(uri):
    if not uri.startswith("file://"):
        return "remote"
    return "yes" if os.path.exists(urllib.parse.unquote(uri[len("file://"):])) else "no"


for rule in driver["rules"]:
    print("rule", rule["id"], "name", rule["name"],
          "short", bool(rule["shortDescription"]["text"]),
          "full", bool(rule["fullDescription"]["text"]),
          "help", rule["helpUri"] in rule["help"]["text"],
          "level", rule["defaultConfiguration"]["level"],
          "uri", rule["helpUri"], "exists", exists(rule["helpUri"]))
for res in run["results"]:
    loc = res["locations"][0]["physicalLocation"]
    art, reg = loc["artifactLocation"], loc["region"]
    fixes = res.get("fixes", [])
    print("result", res["ruleId"], "index-ok",
          driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"],
          "level", res["level"],
          "at", "%s@%s:%d:%d" % (art["uri"], art.get("uriBaseId", "-"),
                                 reg["startLine"], reg["startColumn"]),
          "related", len(res.get("relatedLocations", [])),
          "fixes", len(fixes),
          "replacements", sum(len(c["replacements"]) for f in fixes
                              for c in f["artifactChanges"]))
    for fix in fixes:
        for change in fix["artifactChanges"]:
            for r in change["replacements"]:
                d = r["deletedRegion"]
                print("  replace %d:%d-%d:%d with %r" % (
                    d["startLine"], d["startColumn"], d["endLine"],
                    d["endColumn"], r["insertedContent"]["text"]))
