//===--- Limits.cpp - the bounds on the analyses' work --------------------===//

#include "Limits.h"

namespace clang::tidy::winhttp::analysis::limits {

namespace {
// The scope open now; clang-tidy runs the checks of a TU one after another on
// one thread.
Hits *CurrentSink = nullptr;
bool CurrentMinimal = false;
} // namespace

unsigned bound(unsigned Default) { return CurrentMinimal ? 1 : Default; }

void hit(llvm::StringRef Limit, SourceLocation Loc, std::string GaveUp) {
  if (!CurrentSink)
    return;
  // A question asked again (the same bound at the same place) once.
  for (const Hit &H : *CurrentSink)
    if (H.Limit == Limit && H.Loc == Loc)
      return;
  CurrentSink->push_back({Limit, Loc, std::move(GaveUp)});
}

Scope::Scope(Hits *Sink, bool Minimal)
    : OldSink(CurrentSink), OldMinimal(CurrentMinimal) {
  CurrentSink = Sink;
  CurrentMinimal = Minimal;
}

Scope::~Scope() {
  CurrentSink = OldSink;
  CurrentMinimal = OldMinimal;
}

} // namespace clang::tidy::winhttp::analysis::limits
