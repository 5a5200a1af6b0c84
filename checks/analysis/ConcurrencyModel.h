//===--- ConcurrencyModel.h - threads and order, once per TU ----*- C++ -*-===//
//
// The thread model (which functions run on which threads, callbacks and
// cancellers) and the order analysis (what holds on every path to a
// statement) of one translation unit, with the CFGs the order analysis
// walks: built once per TU and thread options, by the first race check that
// asks, and shared by the others (PerTu.h). Both are computed from the
// solved value flow; the order analysis's summaries and entry facts do not
// depend on which function is asked first (a recursion or a cycle of
// callers leaves its facts incomplete, whoever asks), so sharing changes no
// answer, which the metamorphic test of checks alone shows.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_CONCURRENCYMODEL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_CONCURRENCYMODEL_H

#include "FunctionCfg.h"
#include "OrderAnalysis.h"
#include "PerTu.h"
#include "ThreadModel.h"
#include "ValueFlow.h"

namespace clang::tidy::winhttp::analysis {

struct ConcurrencyModel {
  /// What the model depends on beside the TU.
  struct Options {
    ValueFlowOptions Flow;
    std::vector<ThreadJoinSpec> ExtraJoins;
    std::vector<std::string> CancelWords;

    bool operator==(const Options &O) const {
      return Flow == O.Flow && ExtraJoins == O.ExtraJoins &&
             CancelWords == O.CancelWords;
    }
  };

  ConcurrencyModel(const ValueFlow &Flow, const Options &O)
      : Cfgs(Flow.context()), Order(Flow, Cfgs, O.ExtraJoins),
        Threads(Flow, O.CancelWords) {}

  /// The model of \p Ctx with \p O, built by the first that asks.
  static ConcurrencyModel &shared(ASTContext &Ctx, const Options &O) {
    return PerTu<ConcurrencyModel, Options>::get(Ctx, O, [&] {
      return std::make_unique<ConcurrencyModel>(ValueFlow::shared(Ctx, O.Flow),
                                                O);
    });
  }

  /// Records that one of the \p Users checks that share the model of
  /// \p Ctx and \p O is done with it; after the last, the model is freed,
  /// so that the checks that run later do not carry it (it is made again
  /// if another asks).
  static void finished(ASTContext &Ctx, const Options &O, unsigned Users) {
    if (++shared(Ctx, O).Runs >= Users)
      PerTu<ConcurrencyModel, Options>::erase(Ctx, O);
  }

  FunctionCfgs Cfgs;
  OrderAnalysis Order;
  ThreadModel Threads;
  unsigned Runs = 0;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_CONCURRENCYMODEL_H
