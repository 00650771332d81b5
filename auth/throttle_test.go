package auth_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// Simultaneous guesses cannot outrun the throttle: the attempt is counted
// before the password is checked, so of 40 guesses on one account at most
// MaxFailuresPerLogin reach the hash, and of 120 guesses from one address at
// most MaxFailuresPerAddr. (Before the fix all 40, and 77 of 120, did.)
// Not parallel: it replaces the package's password check.
func TestThrottleHoldsUnderConcurrentGuessesOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		s, _, muni := setup(t, d)
		create(t, s, muni, "target", auth.CenterStaff)
		var checked atomic.Int64
		defer auth.SetPasswordCheck(func(encoded, pw string) bool {
			checked.Add(1)
			// As long as argon2 takes, so that the guesses overlap.
			time.Sleep(30 * time.Millisecond)
			return false
		})()
		guess := func(n int, login func(i int) string, addr func(i int) string) int64 {
			checked.Store(0)
			var wg sync.WaitGroup
			var unexpected atomic.Value
			for i := range n {
				wg.Go(func() {
					_, _, err := s.Login(context.Background(), login(i), "wrong-password-1", addr(i))
					if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Forbidden {
						unexpected.Store(fmt.Sprint(err))
					}
				})
			}
			wg.Wait()
			if e := unexpected.Load(); e != nil {
				t.Fatalf("unexpected error: %v", e)
			}
			return checked.Load()
		}
		got := guess(40, func(int) string { return "target" }, func(i int) string { return fmt.Sprintf("198.51.100.%d", i) })
		t.Logf("one account: %d of 40 simultaneous guesses checked (limit %d)", got, auth.MaxFailuresPerLogin)
		if got > auth.MaxFailuresPerLogin {
			t.Errorf("%d of 40 simultaneous guesses on one account were checked, limit %d", got, auth.MaxFailuresPerLogin)
		}
		got = guess(120, func(i int) string { return fmt.Sprintf("guess%d", i) }, func(int) string { return "203.0.113.7" })
		t.Logf("one address: %d of 120 simultaneous guesses checked (limit %d)", got, auth.MaxFailuresPerAddr)
		if got > auth.MaxFailuresPerAddr {
			t.Errorf("%d of 120 simultaneous guesses from one address were checked, limit %d", got, auth.MaxFailuresPerAddr)
		}
	})
}

// A password longer than MaxPasswordBytes is refused before it is hashed;
// signing in from a browser that holds another session ends that session.
func TestSignInCapsPasswordAndReplacesSessionOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _, muni := setup(t, d)
		create(t, s, muni, "usera", auth.CenterStaff)
		create(t, s, muni, "userb", auth.CenterStaff)
		var checked atomic.Int64
		restore := auth.SetPasswordCheck(func(encoded, pw string) bool {
			checked.Add(1)
			return auth.CheckPassword(encoded, pw)
		})
		defer restore()
		huge := strings.Repeat("a", 9<<20)
		_, _, err := s.Login(ctx, "usera", huge, "192.0.2.50")
		expectCode(t, err, apperr.Invalid)
		if n := checked.Load(); n != 0 {
			t.Errorf("a 9 MB password reached the hash %d times", n)
		}
		if err := auth.CheckPasswordPolicy(huge, "usera"); err == nil {
			t.Error("the policy accepts a 9 MB password")
		}
		_, tokA, err := s.Login(ctx, "usera", pw, "192.0.2.50")
		if err != nil {
			t.Fatal(err)
		}
		u, tokB, err := s.SignIn(ctx, auth.Attempt{Login: "userb", Password: pw, Addr: "192.0.2.50", Replaces: tokA})
		if err != nil || u.Login != "userb" {
			t.Fatalf("sign in as B: %v %v", u, err)
		}
		if _, err := s.SessionUser(ctx, tokA); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("A's session still answers after B signed in in the same browser: %v", err)
		}
		if got, err := s.SessionUser(ctx, tokB); err != nil || got.Login != "userb" {
			t.Errorf("B's session: %v %v", got, err)
		}
	})
}
