package auth

// SetPasswordCheck replaces the password check for a test and returns a
// function that restores it.
func SetPasswordCheck(f func(encoded, pw string) bool) (restore func()) {
	old := checkPassword
	checkPassword = f
	return func() { checkPassword = old }
}
