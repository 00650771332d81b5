// Package reliability holds tests only: the real binary killed under load,
// database faults, and the checks that nothing acknowledged is lost.
package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const adminPassword = "crash-test-admin-pw-9"

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds cmd/hagukumi once per test run and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "hagukumi-bin-")
		if buildErr != nil {
			return
		}
		gobin, err := exec.LookPath("go")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(buildDir, "hagukumi")
		cmd := exec.Command(gobin, "build", "-o", buildPath, "./cmd/hagukumi")
		cmd.Dir = ".." // the module root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// runCLI runs the binary with args and returns its exit code and output.
func runCLI(t *testing.T, bin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HAGUKUMI_ADMIN_PASSWORD="+adminPassword, "HAGUKUMI_DB=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return code, stdout.String(), stderr.String()
}

// child is the server running as a separate process.
type child struct {
	cmd  *exec.Cmd
	base string
	done chan struct{}
	log  *os.File
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer starts `hagukumi serve` on a free port and waits until
// /healthz answers; its output goes to logPath.
func startServer(t *testing.T, bin, dsn, logPath string) *child {
	t.Helper()
	var last string
	for try := 0; try < 3; try++ {
		addr := freePort(t)
		lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "serve", "--addr", addr, "--db", dsn)
		cmd.Env = append(os.Environ(), "HAGUKUMI_ADMIN_PASSWORD="+adminPassword, "HAGUKUMI_DB=", "HAGUKUMI_SECURE=")
		cmd.Stdout, cmd.Stderr = lf, lf
		if err := cmd.Start(); err != nil {
			lf.Close()
			t.Fatal(err)
		}
		c := &child{cmd: cmd, base: "http://" + addr, done: make(chan struct{}), log: lf}
		go func() { cmd.Wait(); lf.Close(); close(c.done) }()
		t.Cleanup(c.kill)
		// Generous: a loaded CI machine can take seconds to migrate and hash
		// the first password; this waits for readiness, it times nothing.
		deadline := time.Now().Add(60 * time.Second)
		hc := &http.Client{Timeout: time.Second}
		for time.Now().Before(deadline) {
			select {
			case <-c.done:
				deadline = time.Time{}
				continue
			default:
			}
			resp, err := hc.Get(c.base + "/healthz")
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return c
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		c.kill()
		last = tail(logPath, 2000)
	}
	t.Fatalf("the server did not start; its log ends:\n%s", last)
	return nil
}

// kill sends SIGKILL and waits until the process is gone.
func (c *child) kill() {
	select {
	case <-c.done:
		return
	default:
	}
	c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

// stop ends the server gracefully (SIGTERM) and waits.
func (c *child) stop() {
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(15 * time.Second):
		c.kill()
	}
}

func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// login posts the login form and returns the session cookie.
func login(t *testing.T, base string) *http.Cookie {
	t.Helper()
	hc := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(base+"/login", url.Values{"login": {"admin"}, "password": {adminPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d", resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Value != "" && strings.Contains(c.Name, "hagukumi") {
			return c
		}
	}
	t.Fatal("login: no session cookie")
	return nil
}

// withTimeout is a context bounded for one check.
func withTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
