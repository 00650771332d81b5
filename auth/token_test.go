package auth_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// API tokens expire, can be listed and revoked by their owner and the
// admins, note their last use, and die with the password that made them
// (issue 12 finding 3).
func TestTokenLifecycleOnBothEngines(t *testing.T) {
	t.Parallel()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, muni := setup(t, d)
		owner := create(t, s, muni, "owner", auth.CenterStaff)
		other := create(t, s, muni, "someone", auth.CenterStaff)
		admin := create(t, s, muni, "boss", auth.CenterAdmin)
		mint := func(name string, life time.Duration) string {
			t.Helper()
			tok, err := s.CreateTokenFor(ctx, owner.Actor(), owner, name, life)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}

		t.Run("last use is noted", func(t *testing.T) {
			tok := mint("記録", 0)
			if _, err := s.TokenUser(ctx, tok); err != nil {
				t.Fatal(err)
			}
			list, err := s.Tokens(ctx, muni, owner.ID)
			if err != nil || len(list) == 0 || list[0].Name != "記録" || list[0].LastUsedAt == nil {
				t.Fatalf("Tokens: %+v %v", list, err)
			}
			if want := clk.now().Add(auth.DefaultTokenLifetime); !list[0].ExpiresAt.Equal(want) {
				t.Errorf("expires %v, want %v (the default lifetime)", list[0].ExpiresAt, want)
			}
		})

		t.Run("expired is rejected", func(t *testing.T) {
			tok := mint("短命", 24*time.Hour)
			if _, err := s.TokenUser(ctx, tok); err != nil {
				t.Fatal(err)
			}
			clk.add(24 * time.Hour)
			_, err := s.TokenUser(ctx, tok)
			expectCode(t, err, apperr.NotFound)
			if _, err := s.CreateTokenFor(ctx, owner.Actor(), owner, "永遠", 400*24*time.Hour); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("a 400-day token: %v", err)
			}
		})

		t.Run("revoked is rejected; others cannot revoke", func(t *testing.T) {
			tok := mint("取消", 0)
			list, _ := s.Tokens(ctx, muni, owner.ID)
			id := list[0].ID
			expectCode(t, s.RevokeToken(ctx, other, id), apperr.NotFound)
			if _, err := s.TokenUser(ctx, tok); err != nil {
				t.Fatalf("a colleague's refused revoke still revoked: %v", err)
			}
			if err := s.RevokeToken(ctx, owner, id); err != nil {
				t.Fatal(err)
			}
			_, err := s.TokenUser(ctx, tok)
			expectCode(t, err, apperr.NotFound)
			// An admin sees everyone's tokens and may revoke them.
			tok2 := mint("管理者が取消", 0)
			all, _ := s.Tokens(ctx, muni, 0)
			if len(all) == 0 || all[0].Login != "owner" {
				t.Fatalf("admin list: %+v", all)
			}
			if err := s.RevokeToken(ctx, admin, all[0].ID); err != nil {
				t.Fatal(err)
			}
			_, err = s.TokenUser(ctx, tok2)
			expectCode(t, err, apperr.NotFound)
		})

		t.Run("password change and reset revoke all", func(t *testing.T) {
			a, b := mint("一", 0), mint("二", 0)
			if err := s.SetPassword(ctx, muni, owner.Actor(), owner.ID, "Changed-Long-Pass-31", false, ""); err != nil {
				t.Fatal(err)
			}
			for _, tok := range []string{a, b} {
				_, err := s.TokenUser(ctx, tok)
				expectCode(t, err, apperr.NotFound)
			}
			c := mint("三", 0)
			if err := s.SetPassword(ctx, muni, audit.System, owner.ID, "Reset-Long-Pass-47", true, ""); err != nil {
				t.Fatal(err)
			}
			_, err := s.TokenUser(ctx, c)
			expectCode(t, err, apperr.NotFound)
			if err := s.SetPassword(ctx, muni, owner.Actor(), owner.ID, "Chosen-Long-Pass-59", false, ""); err != nil {
				t.Fatal(err)
			}
			_, err = s.TokenUser(ctx, c)
			expectCode(t, err, apperr.NotFound)
		})
	})
}

// A login taken in another municipality is refused with the same words as
// any unusable name, naming neither the login nor the municipality
// (issue 12 finding 9; SECURITY.md explains the choice).
func TestTakenLoginMessageRevealsNothingOnBothEngines(t *testing.T) {
	t.Parallel()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, muniA := setup(t, d)
		muniB, err := db.Insert(ctx, d.W, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			"999999", "別市", "研修所", clk.now())
		if err != nil {
			t.Fatal(err)
		}
		create(t, s, muniB, "b-secret-login", auth.CenterAdmin)
		_, err = s.CreateUser(ctx, muniA, audit.System, auth.NewUser{Login: "b-secret-login", DisplayName: "x", Role: auth.CenterStaff, Password: pw})
		expectCode(t, err, apperr.Conflict)
		if msg := apperr.MessageOf(err); msg != auth.MsgLoginUnavailable {
			t.Errorf("message %q, want %q", msg, auth.MsgLoginUnavailable)
		}
	})
}
