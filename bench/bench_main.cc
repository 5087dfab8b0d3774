// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// crossauth-bench: raw MIT GSS-API (bench/raw_gss.h) against crossauth, in
// one process, interleaved, every row reported as a ratio. Run it through
// scripts/bench, which builds it and starts a TestRealm around it; see
// docs/performance.md for what each row measures.
//
//   crossauth-bench                 wall clock (Google Benchmark), then
//                                   allocations and heap per session
//   crossauth-bench --smoke         every row a few iterations (CI)
//   crossauth-bench --instructions=N
//                                   under valgrind --tool=callgrind: each
//                                   row N times per side, bracketed with
//                                   CALLGRIND_ZERO_STATS and
//                                   CALLGRIND_DUMP_STATS_AT("row side N")
//
// Other flags: --rounds=R (interleaved rounds, default 5), --min-time=S
// (seconds per side and round, default 0.3), --filter=TEXT (rows whose name
// contains TEXT; the heap table runs without a filter or with
// --filter=heap), --heap-sessions=N (default 10000), --no-heap,
// --user=NAME --password=PW (the realm's client; default bench).
// Environment: CROSSAUTH_TEST_REALM (the realm) and KRB5_KTNAME (the
// acceptor's keytab), as crossauth-test-realm run sets them.
//
// Exit status: 0 when every available row ran, 1 when a row failed, 2 for a
// usage error. A row whose crossauth API is not implemented yet
// (Unimplemented) is reported as "unavailable" and is not a failure.

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/counting_allocator.h"
#include "bench/raw_gss.h"
#include "bench/xa_side.h"
#include "benchmark/benchmark.h"

#if CROSSAUTH_BENCH_HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_DUMP_STATS_AT(x) ((void)(x))
#endif

namespace bench {
namespace {

enum class Side { kRaw, kCrossauth };

const char* SideName(Side side) {
  return side == Side::kRaw ? "raw" : "crossauth";
}

// Row
//
// One line of the report: the same work done the raw way and crossauth's.
class Row {
 public:
  Row(std::string name, int threads, bool per_handshake)
      : name_(std::move(name)),
        threads_(threads),
        per_handshake_(per_handshake) {}
  virtual ~Row() = default;

  const std::string& name() const { return name_; }
  int threads() const { return threads_; }
  bool per_handshake() const { return per_handshake_; }

  // Sets up what the row needs (established sessions) and runs it once per
  // side. Unimplemented: the crossauth API is not there yet.
  absl::Status Prepare() {
    absl::Status set_up = SetUp();
    if (!set_up.ok()) return set_up;
    for (Side side : {Side::kRaw, Side::kCrossauth}) {
      absl::Status once = Run(side);
      if (!once.ok()) {
        return absl::Status(once.code(),
                            absl::StrCat(SideName(side), ": ", once.message()));
      }
    }
    return absl::OkStatus();
  }

  // One iteration. Thread-safe for rows with threads() > 1.
  virtual absl::Status Run(Side side) = 0;

  // Iterations per side under callgrind, for --instructions=n.
  virtual int InstructionIterations(int n) const { return n; }

 protected:
  virtual absl::Status SetUp() { return absl::OkStatus(); }

 private:
  std::string name_;
  int threads_;
  bool per_handshake_;
};

struct Fixture {
  std::unique_ptr<RawGss> raw_krb5;
  std::unique_ptr<RawGss> raw_spnego;
  std::unique_ptr<XaSide> xa_krb5;
  std::unique_ptr<XaSide> xa_spnego;
  // One established raw Kerberos pair, held for the whole run, as any
  // service or client with a connection open holds one. Each MIT context
  // keeps a krb5_context, and MIT parses krb5.conf again on every
  // krb5_init_context (several per handshake) while no krb5_context is
  // alive; so without it a row's cost depended on whether an earlier row
  // had left one (crossauth keeps one for the realm lookups of
  // `service@host` targets): `handshake/spnego/principal` measured 1.03
  // alone and 0.96 after the other rows on the same machine, with 1,101
  // and 1,048 allocations per raw and crossauth handshake alone against
  // 915 and 924 (about 137,000 and 98,000 instructions more alone).
  RawPair keeper;
};

class HandshakeRow : public Row {
 public:
  HandshakeRow(const Fixture& fixture, bool spnego, bool host_based,
               int threads)
      : Row(absl::StrCat("handshake/", spnego ? "spnego" : "kerberos", "/",
                         host_based ? "service@host" : "principal",
                         threads > 1 ? absl::StrCat("/threads:", threads)
                                     : std::string()),
            threads, /*per_handshake=*/true),
        raw_(spnego ? *fixture.raw_spnego : *fixture.raw_krb5),
        xa_(spnego ? *fixture.xa_spnego : *fixture.xa_krb5),
        host_based_(host_based) {}

  absl::Status Run(Side side) override {
    return side == Side::kRaw ? raw_.Handshake(host_based_)
                              : xa_.Handshake(host_based_);
  }

 private:
  const RawGss& raw_;
  const XaSide& xa_;
  bool host_based_;
};

enum class MessageKind { kWrapConf, kWrapInteg, kMic, kAppendInPlace, kIov };

class MessageRow : public Row {
 public:
  MessageRow(const Fixture& fixture, MessageKind kind, size_t size)
      : Row(absl::StrCat(KindName(kind), "/", SizeName(size)), 1,
            /*per_handshake=*/false),
        fixture_(fixture),
        kind_(kind),
        message_(size) {
    for (size_t i = 0; i < size; ++i) {
      message_[i] = static_cast<uint8_t>(i * 131 + 7);
    }
  }

  absl::Status Run(Side side) override {
    absl::Span<const uint8_t> message(message_);
    if (side == Side::kRaw) {
      switch (kind_) {
        case MessageKind::kWrapConf:
          return RawWrapUnwrap(raw_pair_, message, true);
        case MessageKind::kWrapInteg:
          return RawWrapUnwrap(raw_pair_, message, false);
        case MessageKind::kMic:
          return RawMic(raw_pair_, message);
        case MessageKind::kAppendInPlace:
          return RawWrapUnwrapIov(raw_pair_, message, raw_wire_);
        case MessageKind::kIov:
          return RawWrapUnwrapIovBuffers(raw_pair_, message, raw_wire_);
      }
    }
    switch (kind_) {
      case MessageKind::kWrapConf:
        return xa_pair_->WrapUnwrap(message,
                                    crossauth::Protection::kConfidentiality);
      case MessageKind::kWrapInteg:
        return xa_pair_->WrapUnwrap(message, crossauth::Protection::kIntegrity);
      case MessageKind::kMic:
        return xa_pair_->Mic(message);
      case MessageKind::kAppendInPlace:
        return xa_pair_->AppendInPlace(message);
      case MessageKind::kIov:
        return xa_pair_->Iov(message);
    }
    return absl::InternalError("unknown row");
  }

  // Ten times the handshakes' count, fewer for large messages (n * 256 KiB
  // of message per side at most), at least 2.
  int InstructionIterations(int n) const override {
    const size_t by_size = static_cast<size_t>(n) * (256u << 10) /
                           std::max<size_t>(message_.size(), 1);
    return static_cast<int>(std::max<size_t>(
        2, std::min<size_t>(10 * static_cast<size_t>(n), by_size)));
  }

 protected:
  absl::Status SetUp() override {
    absl::Status raw = fixture_.raw_krb5->Establish(false, raw_pair_);
    if (!raw.ok()) return raw;
    absl::StatusOr<std::unique_ptr<XaPair>> pair =
        fixture_.xa_krb5->Establish(false);
    if (!pair.ok()) return pair.status();
    xa_pair_ = *std::move(pair);
    return absl::OkStatus();
  }

 private:
  static const char* KindName(MessageKind kind) {
    switch (kind) {
      case MessageKind::kWrapConf:
        return "wrap+unwrap/conf";
      case MessageKind::kWrapInteg:
        return "wrap+unwrap/integ";
      case MessageKind::kMic:
        return "getmic+verifymic";
      case MessageKind::kAppendInPlace:
        return "wrap-append+unwrap-in-place/conf";
      case MessageKind::kIov:
        return "wrap-iov+unwrap-iov/conf";
    }
    return "?";
  }
  static std::string SizeName(size_t size) {
    if (size >= (1u << 20)) return absl::StrCat(size >> 20, "MiB");
    if (size >= 1024) return absl::StrCat(size >> 10, "KiB");
    return absl::StrCat(size, "B");
  }

  const Fixture& fixture_;
  MessageKind kind_;
  std::vector<uint8_t> message_;
  RawPair raw_pair_;
  std::string raw_wire_;
  std::unique_ptr<XaPair> xa_pair_;
};

// --- Flags ---------------------------------------------------------------

struct Flags {
  bool smoke = false;
  int instructions = 0;  // iterations per side under callgrind; 0: off
  int rounds = 5;
  double min_time = 0.3;
  std::string filter;
  int heap_sessions = 10000;
  bool heap = true;
  std::string user = "bench";
  std::string password = "bench-Pw-2026";
};

bool ParseFlag(const char* arg, const char* name, std::string* value) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *value = arg + n + 1;
  return true;
}

// Returns false for a usage error.
bool ParseFlags(int argc, char** argv, Flags& flags,
                std::vector<char*>& benchmark_args) {
  benchmark_args.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    std::string value;
    const char* arg = argv[i];
    if (std::strcmp(arg, "--smoke") == 0) {
      flags.smoke = true;
    } else if (std::strcmp(arg, "--no-heap") == 0) {
      flags.heap = false;
    } else if (ParseFlag(arg, "--instructions", &value)) {
      if (!absl::SimpleAtoi(value, &flags.instructions) ||
          flags.instructions < 1 || flags.instructions > 100000) {
        return false;
      }
    } else if (ParseFlag(arg, "--rounds", &value)) {
      if (!absl::SimpleAtoi(value, &flags.rounds) || flags.rounds < 1 ||
          flags.rounds > 1000) {
        return false;
      }
    } else if (ParseFlag(arg, "--min-time", &value)) {
      if (!absl::SimpleAtod(value, &flags.min_time) || flags.min_time <= 0 ||
          flags.min_time > 60) {
        return false;
      }
    } else if (ParseFlag(arg, "--heap-sessions", &value)) {
      if (!absl::SimpleAtoi(value, &flags.heap_sessions) ||
          flags.heap_sessions < 1 || flags.heap_sessions > 1000000) {
        return false;
      }
    } else if (ParseFlag(arg, "--filter", &value)) {
      flags.filter = value;
    } else if (ParseFlag(arg, "--user", &value)) {
      flags.user = value;
    } else if (ParseFlag(arg, "--password", &value)) {
      flags.password = value;
    } else if (std::strncmp(arg, "--benchmark_", 12) == 0) {
      benchmark_args.push_back(argv[i]);
    } else {
      return false;
    }
  }
  if (flags.smoke) {
    flags.rounds = 1;
    flags.heap_sessions = std::min(flags.heap_sessions, 20);
  }
  return true;
}

// --- Wall clock ----------------------------------------------------------

// Collects what Google Benchmark measured, without printing.
class Collector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;
      last_.ns = run.GetAdjustedRealTime();
      last_.error = run.error_occurred;
      last_.message = run.error_message;
      auto raw = run.counters.find("raw_ns");
      auto xa = run.counters.find("xa_ns");
      auto ratio = run.counters.find("ratio");
      if (raw != run.counters.end() && xa != run.counters.end() &&
          ratio != run.counters.end()) {
        last_.raw_ns = raw->second.value;
        last_.xa_ns = xa->second.value;
        last_.ratio = ratio->second.value;
      }
    }
  }
  struct Result {
    double ns = 0;
    double raw_ns = 0, xa_ns = 0, ratio = 0;  // a paired run's medians
    bool error = false;
    std::string message;
  };
  Result Take() {
    Result r = last_;
    last_ = Result{};
    return r;
  }

 private:
  Result last_;
};

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct WallResult {
  std::vector<double> raw_ns, xa_ns, ratios;  // ratio: raw time / xa time
};

std::string Escaped(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::strchr("\\^$.|?*+()[]{}", c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

// A single-threaded row runs as one benchmark, "<row>/paired": every
// iteration runs both sides back to back, in alternating order, each timed
// with the steady clock, so that both see the same machine load within
// microseconds; a round's ratio is the median of the iterations' ratios. A
// threaded row runs each side as its own benchmark
// ("<row>/raw", "<row>/crossauth"), both sides' threads at once, and the
// rounds interleave the two.
void RegisterPaired(Row* row, const Flags& flags) {
  auto* b = benchmark::RegisterBenchmark(
      absl::StrCat(row->name(), "/paired").c_str(),
      [row](benchmark::State& state) {
        using Clock = std::chrono::steady_clock;
        // Per iteration: each side's time and their ratio. Medians, so
        // that an iteration the scheduler interrupted counts as one.
        std::vector<double> times[2];  // raw, crossauth
        std::vector<double> ratios;
        bool raw_first = true;
        for (auto _ : state) {
          const Side first = raw_first ? Side::kRaw : Side::kCrossauth;
          const Side second = raw_first ? Side::kCrossauth : Side::kRaw;
          const Clock::time_point t0 = Clock::now();
          absl::Status a = row->Run(first);
          const Clock::time_point t1 = Clock::now();
          absl::Status b = row->Run(second);
          const Clock::time_point t2 = Clock::now();
          if (!a.ok() || !b.ok()) {
            state.SkipWithError(
                std::string((!a.ok() ? a : b).message()).c_str());
            break;
          }
          double ns[2];
          ns[first == Side::kCrossauth] =
              std::chrono::duration<double, std::nano>(t1 - t0).count();
          ns[second == Side::kCrossauth] =
              std::chrono::duration<double, std::nano>(t2 - t1).count();
          times[0].push_back(ns[0]);
          times[1].push_back(ns[1]);
          if (ns[1] > 0) ratios.push_back(ns[0] / ns[1]);
          raw_first = !raw_first;
        }
        if (!ratios.empty()) {
          state.counters["raw_ns"] = Median(std::move(times[0]));
          state.counters["xa_ns"] = Median(std::move(times[1]));
          state.counters["ratio"] = Median(std::move(ratios));
        }
      });
  b->Unit(benchmark::kNanosecond)->UseRealTime();
  if (flags.smoke) {
    b->Iterations(3);
  } else {
    b->MinTime(flags.min_time);
  }
}

bool RunWallClock(const std::vector<Row*>& rows, const Flags& flags,
                  std::vector<WallResult>& results) {
  for (Row* row : rows) {
    if (row->threads() == 1) {
      RegisterPaired(row, flags);
      continue;
    }
    for (Side side : {Side::kRaw, Side::kCrossauth}) {
      auto* b = benchmark::RegisterBenchmark(
          absl::StrCat(row->name(), "/", SideName(side)).c_str(),
          [row, side](benchmark::State& state) {
            for (auto _ : state) {
              absl::Status status = row->Run(side);
              if (!status.ok()) {
                state.SkipWithError(std::string(status.message()).c_str());
                break;
              }
            }
          });
      b->Unit(benchmark::kNanosecond)->UseRealTime();
      if (row->threads() > 1) b->Threads(row->threads());
      if (flags.smoke) {
        b->Iterations(3);
      } else {
        b->MinTime(flags.min_time);
      }
    }
  }
  Collector collector;
  results.assign(rows.size(), WallResult{});
  bool ok = true;
  for (int round = 0; round < flags.rounds; ++round) {
    for (size_t i = 0; i < rows.size(); ++i) {
      Collector::Result raw, xa;
      if (rows[i]->threads() == 1) {
        benchmark::RunSpecifiedBenchmarks(
            &collector,
            absl::StrCat("^", Escaped(rows[i]->name()), "/paired(/|$)"));
        Collector::Result paired = collector.Take();
        if (paired.error) {
          std::printf("%s: FAILED: %s\n", rows[i]->name().c_str(),
                      paired.message.c_str());
          ok = false;
        } else if (paired.raw_ns > 0 && paired.xa_ns > 0) {
          results[i].raw_ns.push_back(paired.raw_ns);
          results[i].xa_ns.push_back(paired.xa_ns);
          results[i].ratios.push_back(paired.ratio);
        }
        continue;
      }
      // Alternate which side goes first, so neither always runs warm.
      for (int k = 0; k < 2; ++k) {
        Side side = (k == round % 2) ? Side::kRaw : Side::kCrossauth;
        benchmark::RunSpecifiedBenchmarks(
            &collector, absl::StrCat("^", Escaped(rows[i]->name()), "/",
                                     SideName(side), "(/|$)"));
        (side == Side::kRaw ? raw : xa) = collector.Take();
      }
      for (const Collector::Result* r : {&raw, &xa}) {
        if (r->error) {
          std::printf("%s: FAILED: %s\n", rows[i]->name().c_str(),
                      r->message.c_str());
          ok = false;
        }
      }
      if (raw.ns > 0 && xa.ns > 0 && !raw.error && !xa.error) {
        results[i].raw_ns.push_back(raw.ns);
        results[i].xa_ns.push_back(xa.ns);
        results[i].ratios.push_back(raw.ns / xa.ns);
      }
    }
    std::fprintf(stderr, "crossauth-bench: round %d of %d done\n", round + 1,
                 flags.rounds);
  }
  return ok;
}

void PrintWallClock(const std::vector<Row*>& rows,
                    const std::vector<WallResult>& results,
                    const Flags& flags) {
  std::printf(
      "\n== wall clock: speed crossauth/raw (raw time / crossauth time; "
      ">1 is faster), median of %d round(s); one thread: both sides "
      "alternate every iteration; threads:N: the sides alternate every "
      "round\n",
      flags.rounds);
  std::printf("%-46s %12s %12s %8s %15s\n", "row", "raw ns/it", "xa ns/it",
              "ratio", "min..max");
  for (size_t i = 0; i < rows.size(); ++i) {
    const WallResult& r = results[i];
    if (r.ratios.empty()) continue;
    auto [lo, hi] = std::minmax_element(r.ratios.begin(), r.ratios.end());
    std::printf("%-46s %12.0f %12.0f %8.3f %7.3f..%.3f\n",
                rows[i]->name().c_str(), Median(r.raw_ns), Median(r.xa_ns),
                Median(r.ratios), *lo, *hi);
  }
  // Scaling: the same handshakes on 1 and 2 threads.
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i]->threads() < 2) continue;
    const std::string base =
        rows[i]->name().substr(0, rows[i]->name().rfind("/threads:"));
    for (size_t j = 0; j < rows.size(); ++j) {
      if (rows[j]->name() != base || results[j].raw_ns.empty() ||
          results[i].raw_ns.empty()) {
        continue;
      }
      std::printf(
          "scaling %s, %d threads vs 1 (throughput ratio): raw %.2fx, "
          "crossauth %.2fx\n",
          base.c_str(), rows[i]->threads(),
          Median(results[j].raw_ns) / Median(results[i].raw_ns),
          Median(results[j].xa_ns) / Median(results[i].xa_ns));
    }
  }
}

// --- Allocations ---------------------------------------------------------

bool RunAllocations(const std::vector<Row*>& rows, const Flags& flags) {
  std::printf(
      "\n== allocations per iteration (malloc, calloc, realloc, aligned; "
      "whole process)\n");
  if (!CountingAvailable()) {
    std::printf("unavailable: a sanitizer replaces malloc in this build\n");
    return true;
  }
  // "extra": crossauth's own calls per iteration, beyond the native
  // library's (which the raw side shows).
  std::printf("%-46s %9s %9s %7s %7s %11s %11s %7s\n", "row", "raw n", "xa n",
              "ratio", "extra", "raw bytes", "xa bytes", "ratio");
  bool ok = true;
  for (Row* row : rows) {
    if (row->threads() > 1) continue;
    const int iterations = flags.smoke ? 3 : (row->per_handshake() ? 50 : 200);
    double n[2] = {0, 0}, bytes[2] = {0, 0};
    for (Side side : {Side::kRaw, Side::kCrossauth}) {
      // Warm: first-use caches (tickets, contexts) are not per iteration.
      for (int i = 0; i < 3; ++i) (void)row->Run(side);
      absl::Status status;
      AllocationCounter counter;
      for (int i = 0; i < iterations && status.ok(); ++i) {
        status = row->Run(side);
      }
      AllocationCount count = counter.Stop();
      if (!status.ok()) {
        std::printf("%s: FAILED: %s\n", row->name().c_str(),
                    std::string(status.message()).c_str());
        ok = false;
      }
      n[side == Side::kCrossauth] =
          static_cast<double>(count.allocations) / iterations;
      bytes[side == Side::kCrossauth] =
          static_cast<double>(count.bytes) / iterations;
    }
    auto ratio = [](double xa, double raw) {
      return raw > 0 ? absl::StrFormat("%7.3f", xa / raw)
                     : std::string(xa > 0 ? "    inf" : "      -");
    };
    std::printf("%-46s %9.1f %9.1f %s %7.1f %11.0f %11.0f %s\n",
                row->name().c_str(), n[0], n[1], ratio(n[1], n[0]).c_str(),
                n[1] - n[0], bytes[0], bytes[1],
                ratio(bytes[1], bytes[0]).c_str());
  }
  return ok;
}

// --- Heap and RSS per session --------------------------------------------

struct Memory {
  double heap = 0;  // bytes in use (mallinfo2 uordblks + hblkhd)
  double rss = 0;   // resident bytes (/proc/self/statm)
};

Memory MemoryNow() {
  Memory m;
  struct mallinfo2 info = mallinfo2();
  m.heap = static_cast<double>(info.uordblks + info.hblkhd);
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    unsigned long size = 0, resident = 0;
    if (std::fscanf(f, "%lu %lu", &size, &resident) == 2) {
      m.rss = static_cast<double>(resident) *
              static_cast<double>(sysconf(_SC_PAGESIZE));
    }
    std::fclose(f);
  }
  return m;
}

// Holds `n` sessions of one side (`server`: the server's, else the
// client's), the other side ended and gone after each handshake (raw: its
// context deleted; crossauth: its session destroyed, as a service would);
// returns the growth per session.
absl::StatusOr<Memory> HeldSessions(const Fixture& fixture, Side side,
                                    bool server, int n) {
  std::vector<RawPair> raw;
  std::vector<crossauth::ServerSession> xa_servers;
  std::vector<crossauth::ClientSession> xa_clients;
  auto establish = [&]() -> absl::Status {
    if (side == Side::kRaw) {
      RawPair pair;
      absl::Status s = fixture.raw_krb5->Establish(false, pair);
      if (!s.ok()) return s;
      server ? pair.EndClient() : pair.EndServer();
      raw.push_back(std::move(pair));
    } else {
      absl::StatusOr<std::unique_ptr<XaPair>> pair =
          fixture.xa_krb5->Establish(false);
      if (!pair.ok()) return pair.status();
      absl::Status ended = server ? (*pair)->EndClient() : (*pair)->EndServer();
      if (!ended.ok()) return ended;
      if (server) {
        xa_servers.push_back((*pair)->TakeServer());
      } else {
        xa_clients.push_back((*pair)->TakeClient());
      }
      // The pair, and the ended session in it, are destroyed here.
    }
    return absl::OkStatus();
  };
  // Warm, then measure with the vectors' room already allocated.
  raw.reserve(static_cast<size_t>(n) + 20);
  xa_servers.reserve(static_cast<size_t>(n) + 20);
  xa_clients.reserve(static_cast<size_t>(n) + 20);
  for (int i = 0; i < 20; ++i) {
    absl::Status s = establish();
    if (!s.ok()) return s;
  }
  // Free pages go back to the system first, so that RSS grows with the
  // sessions rather than refilling what earlier rows freed.
  malloc_trim(0);
  Memory before = MemoryNow();
  for (int i = 0; i < n; ++i) {
    absl::Status s = establish();
    if (!s.ok()) return s;
  }
  Memory after = MemoryNow();
  Memory per;
  per.heap = (after.heap - before.heap) / n;
  per.rss = (after.rss - before.rss) / n;
  return per;
}

bool RunHeap(const Fixture& fixture, const Flags& flags) {
  std::printf(
      "\n== heap and RSS per established Kerberos session, %d held "
      "(mallinfo2, /proc/self/statm)\n",
      flags.heap_sessions);
  std::printf("%-22s %10s %10s %7s %10s %10s %7s\n", "sessions held",
              "raw heap", "xa heap", "ratio", "raw RSS", "xa RSS", "ratio");
  bool ok = true;
  for (bool server : {true, false}) {
    absl::StatusOr<Memory> raw =
        HeldSessions(fixture, Side::kRaw, server, flags.heap_sessions);
    absl::StatusOr<Memory> xa =
        HeldSessions(fixture, Side::kCrossauth, server, flags.heap_sessions);
    if (!raw.ok() || !xa.ok()) {
      std::printf(
          "heap/%s: FAILED: %s\n", server ? "server" : "client",
          std::string((!raw.ok() ? raw.status() : xa.status()).message())
              .c_str());
      ok = false;
      continue;
    }
    std::printf("%-22s %10.0f %10.0f %7.3f %10.0f %10.0f %7.3f\n",
                server ? "server sessions" : "client sessions", raw->heap,
                xa->heap, xa->heap / raw->heap, raw->rss, xa->rss,
                raw->rss > 0 ? xa->rss / raw->rss : 0.0);
  }
  return ok;
}

// --- Instructions --------------------------------------------------------

bool RunInstructions(const std::vector<Row*>& rows, const Flags& flags) {
  if (!RUNNING_ON_VALGRIND) {
    std::fprintf(stderr,
                 "crossauth-bench: --instructions needs valgrind "
                 "--tool=callgrind (scripts/bench --instructions)\n");
    return false;
  }
  bool ok = true;
  for (Row* row : rows) {
    if (row->threads() > 1) continue;  // callgrind runs one thread at a time
    for (Side side : {Side::kRaw, Side::kCrossauth}) {
      for (int i = 0; i < 2; ++i) (void)row->Run(side);
      absl::Status status;
      const int iterations = row->InstructionIterations(flags.instructions);
      const std::string label =
          absl::StrCat(row->name(), " ", SideName(side), " ", iterations);
      CALLGRIND_ZERO_STATS;
      for (int i = 0; i < iterations && status.ok(); ++i) {
        status = row->Run(side);
      }
      CALLGRIND_DUMP_STATS_AT(label.c_str());
      if (!status.ok()) {
        std::printf("%s: FAILED: %s\n", row->name().c_str(),
                    std::string(status.message()).c_str());
        ok = false;
      } else {
        std::printf("dumped: %s\n", label.c_str());
      }
    }
  }
  return ok;
}

// --- Main ----------------------------------------------------------------

std::string Getenv(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

int Main(int argc, char** argv) {
  Flags flags;
  std::vector<char*> benchmark_args;
  if (!ParseFlags(argc, argv, flags, benchmark_args)) {
    std::fprintf(stderr,
                 "usage: crossauth-bench [--smoke] [--instructions=N] "
                 "[--rounds=R] [--min-time=S] [--filter=TEXT] "
                 "[--heap-sessions=N] [--no-heap] [--user=NAME] "
                 "[--password=PW]\n");
    return 2;
  }
  int benchmark_argc = static_cast<int>(benchmark_args.size());
  benchmark::Initialize(&benchmark_argc, benchmark_args.data());

  const std::string realm = Getenv("CROSSAUTH_TEST_REALM");
  const std::string keytab = Getenv("KRB5_KTNAME");
  if (realm.empty() || keytab.empty()) {
    std::fprintf(stderr,
                 "crossauth-bench: run inside a realm (scripts/bench, or "
                 "crossauth-test-realm run ... -- crossauth-bench)\n");
    return 2;
  }
  Names names;
  names.user = absl::StrCat(flags.user, "@", realm);
  names.password = flags.password;
  names.acceptor = "host@localhost";
  names.keytab = keytab;
  names.target_principal = absl::StrCat("host/localhost@", realm);
  names.target_host_based = "host@localhost";

  Fixture fixture;
  for (bool spnego : {false, true}) {
    RawGssOptions raw_options;
    raw_options.spnego = spnego;
    raw_options.user = names.user;
    raw_options.password = names.password;
    raw_options.acceptor = names.acceptor;
    raw_options.keytab = names.keytab;
    raw_options.target_principal = names.target_principal;
    raw_options.target_host_based = names.target_host_based;
    absl::StatusOr<std::unique_ptr<RawGss>> raw = RawGss::Create(raw_options);
    absl::StatusOr<std::unique_ptr<XaSide>> xa = XaSide::Create(spnego, names);
    if (!raw.ok() || !xa.ok()) {
      std::fprintf(
          stderr, "crossauth-bench: credentials: %s\n",
          std::string((!raw.ok() ? raw.status() : xa.status()).message())
              .c_str());
      return 1;
    }
    (spnego ? fixture.raw_spnego : fixture.raw_krb5) = *std::move(raw);
    (spnego ? fixture.xa_spnego : fixture.xa_krb5) = *std::move(xa);
  }
  if (absl::Status kept =
          fixture.raw_krb5->Establish(/*host_based=*/false, fixture.keeper);
      !kept.ok()) {
    std::fprintf(stderr, "crossauth-bench: the held context: %s\n",
                 std::string(kept.message()).c_str());
    return 1;
  }

  std::vector<std::unique_ptr<Row>> all;
  for (bool spnego : {false, true}) {
    for (bool host_based : {false, true}) {
      all.push_back(
          std::make_unique<HandshakeRow>(fixture, spnego, host_based, 1));
    }
  }
  all.push_back(std::make_unique<HandshakeRow>(fixture, false, false, 2));
  all.push_back(std::make_unique<HandshakeRow>(fixture, true, false, 2));
  for (size_t size : {size_t{64}, size_t{1024}, size_t{16384}, size_t{65536},
                      size_t{1} << 20}) {
    all.push_back(
        std::make_unique<MessageRow>(fixture, MessageKind::kWrapConf, size));
  }
  all.push_back(
      std::make_unique<MessageRow>(fixture, MessageKind::kWrapInteg, 1024));
  all.push_back(std::make_unique<MessageRow>(fixture, MessageKind::kMic, 1024));
  for (size_t size : {size_t{64}, size_t{1024}, size_t{65536}}) {
    all.push_back(std::make_unique<MessageRow>(
        fixture, MessageKind::kAppendInPlace, size));
  }
  all.push_back(std::make_unique<MessageRow>(fixture, MessageKind::kIov, 1024));

  bool ok = true;
  std::vector<Row*> rows;
  std::vector<std::string> unavailable;
  for (const std::unique_ptr<Row>& row : all) {
    if (!flags.filter.empty() &&
        !absl::StrContains(row->name(), flags.filter)) {
      continue;
    }
    absl::Status prepared = row->Prepare();
    if (prepared.code() == absl::StatusCode::kUnimplemented) {
      unavailable.push_back(absl::StrCat(row->name(), ": unavailable (",
                                         prepared.message(), ")"));
      continue;
    }
    if (!prepared.ok()) {
      std::printf("%s: FAILED: %s\n", row->name().c_str(),
                  std::string(prepared.message()).c_str());
      ok = false;
      continue;
    }
    rows.push_back(row.get());
  }

  if (flags.instructions > 0) {
    ok = RunInstructions(rows, flags) && ok;
  } else {
    std::vector<WallResult> results;
    ok = RunWallClock(rows, flags, results) && ok;
    PrintWallClock(rows, results, flags);
    ok = RunAllocations(rows, flags) && ok;
    if (flags.heap &&
        (flags.filter.empty() || absl::StrContains("heap", flags.filter))) {
      ok = RunHeap(fixture, flags) && ok;
    }
  }
  for (const std::string& line : unavailable) std::printf("%s\n", line.c_str());
  benchmark::Shutdown();
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) { return bench::Main(argc, argv); }
