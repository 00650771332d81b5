package app_test

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// uiPkg matches a UI slice package, hagukumi/web/<capability>ui.
var uiPkg = regexp.MustCompile(`^hagukumi/web/[a-z]+ui$`)

// A UI slice depends on the kit, the foundations and domain packages,
// never on another slice (not even through a third package), and only app
// (which registers them) and other code under web/*ui import a slice.
func TestSlicesStayApart(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .Deps " "}}`, "hagukumi/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	slices := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, rest, _ := strings.Cut(line, "|")
		imports, deps, _ := strings.Cut(rest, "|")
		if uiPkg.MatchString(pkg) {
			slices++
			for _, d := range strings.Fields(deps) {
				if uiPkg.MatchString(d) {
					t.Errorf("%s depends on %s: a slice must not use another slice", pkg, d)
				}
			}
		}
		if pkg == "hagukumi/app" || uiPkg.MatchString(pkg) {
			continue
		}
		for _, d := range strings.Fields(imports) {
			if uiPkg.MatchString(d) {
				t.Errorf("%s imports %s: only app registers slices", pkg, d)
			}
		}
	}
	if slices < 5 {
		t.Fatalf("found only %d slices: is the pattern still right?\n%s", slices, out)
	}
}
