// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Target names on GSS-API: a credential imports each target once and looks
// its host's realm up once, with the provider's one krb5 context; sessions on
// several threads share the imported name; failures of the realm lookup are
// reported and not cached; a changed KRB5_CONFIG is read again.

#include <krb5/krb5.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "crossauth/credential.h"
#include "crossauth/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/gssapi/gss_seam.h"
#include "tests/support/handshake.h"
#include "tests/support/native_seam.h"
#include "tests/support/seam_test.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace crossauth {
namespace test {
namespace {

using ::testing::HasSubstr;

class GssNamesTest : public SeamTest {};

// Counts the calls named `name` made while it lives, on any thread.
class CallCounter {
 public:
  explicit CallCounter(std::string name) : name_(std::move(name)) {
    SetCallHook([this](const char* call) {
      if (name_ == call) {
        absl::MutexLock lock(&mutex_);
        ++count_;
      }
    });
  }
  CallCounter(const CallCounter&) = delete;
  CallCounter& operator=(const CallCounter&) = delete;
  ~CallCounter() { SetCallHook({}); }

  int count() const {
    absl::MutexLock lock(&mutex_);
    return count_;
  }

 private:
  const std::string name_;
  mutable absl::Mutex mutex_;
  int count_ ABSL_GUARDED_BY(mutex_) = 0;
};

// Sets KRB5_CONFIG for one test and restores it.
class Krb5ConfigOverride {
 public:
  explicit Krb5ConfigOverride(const std::string& path) {
    const char* old = std::getenv("KRB5_CONFIG");
    if (old != nullptr) old_ = old;
    setenv("KRB5_CONFIG", path.c_str(), 1);
  }
  Krb5ConfigOverride(const Krb5ConfigOverride&) = delete;
  Krb5ConfigOverride& operator=(const Krb5ConfigOverride&) = delete;
  ~Krb5ConfigOverride() {
    if (old_.has_value()) {
      setenv("KRB5_CONFIG", old_->c_str(), 1);
    } else {
      unsetenv("KRB5_CONFIG");
    }
  }

 private:
  std::optional<std::string> old_;
};

TEST_F(GssNamesTest, SessionsToOneTargetImportItAndLookUpItsRealmOnce) {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service = ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(service);
  const int realms_before = Krb5CallCount("krb5_get_host_realm");
  const int contexts_before = Krb5CallCount("krb5_init_context");
  CallCounter imports("gss_import_name");
  absl::StatusOr<SessionPair> first =
      ConnectWith(*alice, *service, ToService(Mechanism::kKerberos));
  ASSERT_OK(first);
  // Created by now if it was not before, once.
  const int contexts = Krb5CallCount("krb5_init_context");
  EXPECT_LE(contexts - contexts_before, 1);
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<SessionPair> again =
        ConnectWith(*alice, *service, ToService(Mechanism::kKerberos));
    ASSERT_OK(again);
  }
  EXPECT_EQ(imports.count(), 1);
  EXPECT_EQ(Krb5CallCount("krb5_get_host_realm") - realms_before, 1);
  EXPECT_EQ(Krb5CallCount("krb5_init_context"), contexts);

  // Another target, and the same target as a principal: one import each.
  ClientOptions other = ToService(Mechanism::kKerberos);
  other.target = Env().service_principal;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<SessionPair> pair = ConnectWith(*alice, *service, other);
    ASSERT_OK(pair);
  }
  EXPECT_EQ(imports.count(), 2);
  EXPECT_EQ(Krb5CallCount("krb5_get_host_realm") - realms_before, 1);
}

TEST_F(GssNamesTest, EachCredentialImportsItsOwnTargets) {
  CallCounter imports("gss_import_name");
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
    ASSERT_OK(alice);
    absl::StatusOr<ClientSession> client =
        ClientSession::Start(*alice, ToService(Mechanism::kKerberos));
    ASSERT_OK(client);
  }
  // The imported names went with their credentials (the fixture checks
  // that no handle is left).
  EXPECT_EQ(imports.count(), 2);
}

TEST_F(GssNamesTest, SessionsOnTwoThreadsShareOneCredentialsTargetName) {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kNegotiate});
  ASSERT_OK(alice);
  absl::StatusOr<Credential> service =
      ServerCredential({Mechanism::kNegotiate});
  ASSERT_OK(service);
  CallCounter imports("gss_import_name");
  constexpr int kPerThread = 5;
  absl::Status results[2][kPerThread];
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        results[t][i] =
            ConnectWith(*alice, *service, ToService(Mechanism::kNegotiate))
                .status();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 2; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      EXPECT_OK(results[t][i]) << "thread " << t << ", session " << i;
    }
  }
  // Both threads may miss the cache at once and import; one name is kept.
  EXPECT_GE(imports.count(), 1);
  EXPECT_LE(imports.count(), 2);
}

TEST_F(GssNamesTest, AFailedRealmLookupIsAnUnknownRealmAndIsNotKept) {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(alice);
  FailNextKrb5Call("krb5_get_host_realm", KRB5_ERR_HOST_REALM_UNKNOWN);
  EXPECT_THAT(
      ClientSession::Start(*alice, ToService(Mechanism::kKerberos)),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("krb5_get_host_realm: "),
               ErrorReason::kUnknownRealm));
  absl::StatusOr<Credential> service = ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(service);
  EXPECT_OK(
      ConnectWith(*alice, *service, ToService(Mechanism::kKerberos)).status());
}

TEST_F(GssNamesTest, AFailedDefaultRealmLookupIsAnUnknownRealm) {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(alice);
  // No [domain_realm] entry for this host: the default realm is asked for.
  ClientOptions options = ToService(Mechanism::kKerberos);
  options.target = "HTTP@unmapped.test";
  FailNextKrb5Call("krb5_get_default_realm", KRB5_CONFIG_NODEFREALM);
  EXPECT_THAT(ClientSession::Start(*alice, options),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("krb5_get_default_realm: "),
                       ErrorReason::kUnknownRealm));
  absl::StatusOr<ClientSession> client = ClientSession::Start(*alice, options);
  ASSERT_OK(client);
}

// A krb5.conf like the realm's, with one more [domain_realm] mapping.
std::string ConfigMapping(const std::string& host, const std::string& realm) {
  std::ifstream in(std::getenv("KRB5_CONFIG"));
  std::stringstream text;
  text << in.rdbuf();
  // A path of its own per mapping: the provider's context is created again
  // only when KRB5_CONFIG differs from the one it was created with.
  const std::string path =
      absl::StrCat(Env().dir, "/krb5-", host, "-", realm, ".conf");
  std::ofstream out(path);
  out << text.str() << "\n[domain_realm]\n  " << host << " = " << realm << "\n";
  return path;
}

TEST_F(GssNamesTest, AChangedKrb5ConfigReachesCredentialsAcquiredAfterIt) {
  ClientOptions options = ToService(Mechanism::kKerberos);
  options.target = "HTTP@remapped.test";
  absl::StatusOr<Credential> before = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(before);
  absl::StatusOr<ClientSession> old_mapping =
      ClientSession::Start(*before, options);
  ASSERT_OK(old_mapping);
  absl::StatusOr<StepResult> step = old_mapping->Step({});
  ASSERT_FALSE(step.ok());
  EXPECT_THAT(step.status().message(),
              HasSubstr(absl::StrCat("HTTP/remapped.test@", Env().realm)));

  const int contexts = Krb5CallCount("krb5_init_context");
  Krb5ConfigOverride config(ConfigMapping("remapped.test", "OTHER.REALM"));
  absl::StatusOr<Credential> after = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(after);
  absl::StatusOr<ClientSession> new_mapping =
      ClientSession::Start(*after, options);
  ASSERT_OK(new_mapping);
  EXPECT_EQ(Krb5CallCount("krb5_init_context"), contexts + 1);
  step = new_mapping->Step({});
  ASSERT_FALSE(step.ok());
  EXPECT_THAT(step.status().message(),
              HasSubstr("HTTP/remapped.test@OTHER.REALM"));
  // The credential acquired before keeps the mapping it read (see
  // GssCredential::Target).
  absl::StatusOr<ClientSession> kept = ClientSession::Start(*before, options);
  ASSERT_OK(kept);
  step = kept->Step({});
  ASSERT_FALSE(step.ok());
  EXPECT_THAT(step.status().message(),
              HasSubstr(absl::StrCat("HTTP/remapped.test@", Env().realm)));
}

TEST_F(GssNamesTest, AKrb5ContextThatCannotBeCreatedIsAFailedPrecondition) {
  absl::StatusOr<Credential> alice = ClientCredential({Mechanism::kKerberos});
  ASSERT_OK(alice);
  {
    // A different KRB5_CONFIG makes the provider create its context again.
    Krb5ConfigOverride config(ConfigMapping("other.test", "OTHER.REALM"));
    FailNextKrb5Call("krb5_init_context", ENOMEM);
    EXPECT_THAT(ClientSession::Start(*alice, ToService(Mechanism::kKerberos)),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         HasSubstr(absl::StrCat(
                             "krb5_init_context failed (", ENOMEM,
                             "); check KRB5_CONFIG and krb5.conf"))));
  }
  absl::StatusOr<Credential> service = ServerCredential({Mechanism::kKerberos});
  ASSERT_OK(service);
  EXPECT_OK(
      ConnectWith(*alice, *service, ToService(Mechanism::kKerberos)).status());
}

}  // namespace
}  // namespace test
}  // namespace crossauth
