#include "service/account_service.h"

#include <gtest/gtest.h>

#include "service/test_support.h"

namespace sardesk::service {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::RawDb;

// A clock the test moves by seconds.
class ManualTime : public TimeSource {
 public:
  std::chrono::system_clock::time_point Now() const override { return now_; }
  Date Today() const override { return Date::FromDays(static_cast<int>(std::chrono::floor<std::chrono::days>(now_).time_since_epoch().count())); }
  void Advance(std::chrono::seconds s) { now_ += s; }

 private:
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::time_point{} + std::chrono::seconds{1757500000};
};

class AccountServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ctx_->time = &clock_;
    accounts_ = std::make_unique<AccountService>(ctx_.get(), auth::HashStrength::kMinimal);
    ASSERT_TRUE(accounts_->SetPassword("ava", kAvaPassword, "admin").ok());
  }
  void TearDown() override {
    accounts_.reset();
    ServiceTest::TearDown();
  }
  Result<NewSession> SignIn(const std::string& name, const std::string& password, const std::string& from = "10.0.0.1") {
    return accounts_->SignIn(name, password, from);
  }

  static constexpr const char* kAvaPassword = "a long passphrase";
  ManualTime clock_;
  std::unique_ptr<AccountService> accounts_;
};

TEST_F(AccountServiceTest, SignInStartsASessionFoundByItsToken) {
  auto s = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->user.username, "ava");
  EXPECT_EQ(s->user.role, "ig_officer");
  EXPECT_EQ(s->token.size(), 43u);
  EXPECT_EQ(s->csrf_token.size(), 43u);
  EXPECT_NE(s->token, s->csrf_token);
  auto found = accounts_->Authenticate(s->token);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->user.username, "ava");
  EXPECT_EQ(found->csrf_token, s->csrf_token);
}

TEST_F(AccountServiceTest, WrongPasswordUnknownNameAndNoPasswordGiveTheSameAnswer) {
  auto wrong = SignIn("ava", "not the passphrase");
  auto unknown = SignIn("nobody", kAvaPassword);
  auto no_password = SignIn("ben", kAvaPassword);  // ben has no password set
  for (const auto* r : {&wrong, &unknown, &no_password}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->status().code(), ErrorCode::kUnauthenticated);
    EXPECT_EQ(r->status().message(), wrong.status().message());
  }
}

TEST_F(AccountServiceTest, PasswordIsStoredOnlyAsAnArgon2idHashAndNotAudited) {
  RawDb db(path_);
  std::string hash = db.Text("SELECT password_hash FROM credentials WHERE username = 'ava'");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE before LIKE '%passphrase%' OR after LIKE '%passphrase%' "
                   "OR after LIKE '%argon2%'"),
            0);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'account.password' AND entity_id = 'ava'"), 1);
}

TEST_F(AccountServiceTest, ShortPasswordsAndTheUsernameAreRefused) {
  EXPECT_EQ(accounts_->SetPassword("ben", "short", "admin").code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(admin_->PutUser({{"username", "abcdefghijklm"}, {"display_name", "A"}, {"role", "dpo"}}, "admin").ok());
  EXPECT_EQ(accounts_->SetPassword("abcdefghijklm", "abcdefghijklm", "admin").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(accounts_->SetPassword("nobody", "a long passphrase", "admin").code(), ErrorCode::kNotFound);
}

TEST_F(AccountServiceTest, TheTokenIsStoredOnlyAsADigest) {
  auto s = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(s.ok());
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM sessions"), 1);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + s->token + "'"), 0);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + auth::TokenDigest(s->token) + "'"), 1);
}

TEST_F(AccountServiceTest, AnIdleSessionEnds) {
  auto s = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(s.ok());
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_TRUE(accounts_->Authenticate(s->token).ok());  // use keeps it alive
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_TRUE(accounts_->Authenticate(s->token).ok());
  clock_.Advance(std::chrono::minutes(31));
  auto ended = accounts_->Authenticate(s->token);
  ASSERT_FALSE(ended.ok());
  EXPECT_EQ(ended.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM sessions"), 0);
}

TEST_F(AccountServiceTest, ASessionEndsAtItsLifetimeEvenWhenUsed) {
  auto updated = admin_->UpdateSettings({{"session_lifetime_minutes", 60}}, "admin");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  auto s = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(s.ok());
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(std::chrono::minutes(11));
    ASSERT_TRUE(accounts_->Authenticate(s->token).ok()) << i;
  }
  clock_.Advance(std::chrono::minutes(6));
  EXPECT_EQ(accounts_->Authenticate(s->token).status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, UnknownAndEmptyTokensAreNotSignedIn) {
  EXPECT_EQ(accounts_->Authenticate("").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Authenticate(auth::RandomToken()).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts_->Authenticate(std::string(500, 'a')).status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, SignOutEndsOnlyThatSession) {
  auto a = SignIn("ava", kAvaPassword);
  auto b = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(accounts_->SignOut(a->token).ok());
  EXPECT_FALSE(accounts_->Authenticate(a->token).ok());
  EXPECT_TRUE(accounts_->Authenticate(b->token).ok());
  EXPECT_TRUE(accounts_->SignOut(a->token).ok());  // again: nothing to end
}

TEST_F(AccountServiceTest, SignOutEverywhereEndsEverySessionOfThatUserOnly) {
  ASSERT_TRUE(accounts_->SetPassword("cara", "cara's passphrase", "admin").ok());
  auto a = SignIn("ava", kAvaPassword);
  auto b = SignIn("ava", kAvaPassword);
  auto c = SignIn("cara", "cara's passphrase");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  auto ended = accounts_->SignOutEverywhere("ava");
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(accounts_->Authenticate(a->token).ok());
  EXPECT_FALSE(accounts_->Authenticate(b->token).ok());
  EXPECT_TRUE(accounts_->Authenticate(c->token).ok());
}

TEST_F(AccountServiceTest, ANewPasswordEndsTheOldSessions) {
  auto a = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(accounts_->SetPassword("ava", "another passphrase", "admin").ok());
  EXPECT_FALSE(accounts_->Authenticate(a->token).ok());
  EXPECT_FALSE(SignIn("ava", kAvaPassword).ok());
  EXPECT_TRUE(SignIn("ava", "another passphrase").ok());
}

TEST_F(AccountServiceTest, ADeactivatedAccountCannotSignInAndLosesItsSession) {
  auto a = SignIn("ava", kAvaPassword);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(admin_->PutUser({{"username", "ava"}, {"display_name", "ava"}, {"role", "ig_officer"}, {"active", false}}, "admin").ok());
  EXPECT_EQ(accounts_->Authenticate(a->token).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(SignIn("ava", kAvaPassword).status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, FiveFailuresLockTheNameEvenForTheRightPasswordThenTheLockPasses) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn("ava", "wrong guess " + std::to_string(i)).status().code(), ErrorCode::kUnauthenticated);
  auto locked = SignIn("ava", kAvaPassword, "10.0.0.2");  // another address: the name is locked
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.status().code(), ErrorCode::kThrottled);
  EXPECT_TRUE(Contains(locked.status().message(), "try again in"));
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_TRUE(SignIn("ava", kAvaPassword).ok());
  // Success clears the name's count: one more mistake does not lock.
  EXPECT_EQ(SignIn("ava", "wrong again").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(SignIn("ava", kAvaPassword, "10.0.0.3").ok());
}

TEST_F(AccountServiceTest, LocksBackOffLongerAfterEachFurtherFailure) {
  for (int i = 0; i < 5; ++i) (void)SignIn("ava", "wrong");
  clock_.Advance(std::chrono::seconds(6));
  (void)SignIn("ava", "wrong");  // sixth: 10 s
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_EQ(SignIn("ava", kAvaPassword).status().code(), ErrorCode::kThrottled);
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_TRUE(SignIn("ava", kAvaPassword).ok());
}

TEST_F(AccountServiceTest, OneAddressTryingManyNamesIsLocked) {
  for (int i = 0; i < 20; ++i) (void)SignIn("user" + std::to_string(i), "guess", "192.0.2.7");
  EXPECT_EQ(SignIn("ava", kAvaPassword, "192.0.2.7").status().code(), ErrorCode::kThrottled);
  EXPECT_TRUE(SignIn("ava", kAvaPassword, "192.0.2.8").ok());
}

TEST_F(AccountServiceTest, ThrottlingStoresNoNamesOrAddresses) {
  (void)SignIn("ava", "wrong", "192.0.2.7");
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM sign_in_failures"), 2);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM sign_in_failures WHERE key LIKE '%ava%' OR key LIKE '%192.0.2.7%'"), 0);
}

TEST_F(AccountServiceTest, SharingIsOnlyWithAnAdviserAndShowsInTheCaseFacts) {
  ASSERT_TRUE(admin_->PutUser({{"username", "sam"}, {"display_name", "Sam"}, {"role", "social_worker_adviser"}}, "admin").ok());
  auto created = cases_->Create({{"received", "2025-09-01"},
                                 {"channel", "email"},
                                 {"subject",
                                  {{"name", "Jane Doe"},
                                   {"dob", "1980-05-04"},
                                   {"addresses", json::array({{{"lines", "1 High Street"}, {"postcode", "AB1 2CD"}}})}}},
                                 {"requester", {{"relationship", "self"}, {"email", "jane@example.org"}}},
                                 {"scope", {{"information_requested", "All records"}}}},
                                "ava");
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  std::string ref = created->record.reference;
  EXPECT_EQ(accounts_->ShareCase(ref, "ben", "ava").code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(accounts_->ShareCase(ref, "sam", "ava").ok());
  auto facts = accounts_->CaseAccess(ref);
  ASSERT_TRUE(facts.ok());
  EXPECT_TRUE(facts->exists);
  EXPECT_EQ(facts->shared_with, std::vector<std::string>{"sam"});
  EXPECT_EQ(*accounts_->SharedCases("sam"), std::vector<std::string>{ref});
  ASSERT_TRUE(accounts_->UnshareCase(ref, "sam", "ava").ok());
  EXPECT_TRUE(accounts_->CaseAccess(ref)->shared_with.empty());
  EXPECT_EQ(accounts_->UnshareCase(ref, "sam", "ava").code(), ErrorCode::kNotFound);
  EXPECT_FALSE(accounts_->CaseAccess("SAR-1999-000001")->exists);
}

TEST_F(AccountServiceTest, SharingIsAuditedOutsideTheCaseChain) {
  ASSERT_TRUE(admin_->PutUser({{"username", "sam"}, {"display_name", "Sam"}, {"role", "social_worker_adviser"}}, "admin").ok());
  auto created = cases_->Create({{"received", "2025-09-01"},
                                 {"channel", "email"},
                                 {"subject",
                                  {{"name", "Jane Doe"},
                                   {"dob", "1980-05-04"},
                                   {"addresses", json::array({{{"lines", "1 High Street"}, {"postcode", "AB1 2CD"}}})}}},
                                 {"requester", {{"relationship", "self"}, {"email", "jane@example.org"}}},
                                 {"scope", {{"information_requested", "All records"}}}},
                                "ava");
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(accounts_->ShareCase(created->record.reference, "sam", "ava").ok());
  ASSERT_TRUE(accounts_->RecordAccess(created->record.reference, "case.view", "/api/cases/x", "sam").ok());
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok) << (verified->problems.empty() ? "" : verified->problems[0].problem);
  EXPECT_EQ(RawDb(path_).Int("SELECT COUNT(*) FROM audit_log WHERE entity = 'case_access' AND action = 'case.view' AND actor = 'sam'"), 1);
}

}  // namespace
}  // namespace sardesk::service
