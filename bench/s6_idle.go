package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// procKB reads a field such as VmRSS or VmHWM of /proc/<pid>/status, in kB.
func procKB(pid, field string) int {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			var kb int
			fmt.Sscan(strings.TrimPrefix(line, field+":"), &kb)
			return kb
		}
	}
	return 0
}

var urlRe = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// child starts `hagukumi serve` on the bench database and waits for its
// address.
func (r *run) child(ctx context.Context) (base, pid string, stop func(), err error) {
	cmd := r.opt.ServerCmd(ctx, r.env.dsn)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", "", nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return "", "", nil, err
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := urlRe.FindString(sc.Text()); m != "" {
				select {
				case found <- m:
				default:
				}
			}
		}
	}()
	select {
	case base = <-found:
	case <-time.After(60 * time.Second):
		stop()
		return "", "", nil, fmt.Errorf("the child server did not start within 60 s")
	}
	// Wait until it answers.
	for range 100 {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return base, fmt.Sprint(cmd.Process.Pid), stop, nil
}

// idleConns opens n keep-alive connections, makes one request on each and
// leaves them open.
func idleConns(ctx context.Context, base string, n int) ([]net.Conn, error) {
	addr := strings.TrimPrefix(base, "http://")
	conns := make([]net.Conn, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	sem := make(chan struct{}, 50)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", addr)
			if err == nil {
				c.SetDeadline(time.Now().Add(30 * time.Second))
				_, err = io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: "+addr+"\r\n\r\n")
				if err == nil {
					var resp *http.Response
					if resp, err = http.ReadResponse(bufio.NewReader(c), nil); err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}
				c.SetDeadline(time.Time{})
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = err
				}
				if c != nil {
					c.Close()
				}
				return
			}
			conns[i] = c
		}()
	}
	wg.Wait()
	return conns, first
}

// idleConns is #6.
func (r *run) idleConns(ctx context.Context) error {
	e := r.env
	base, pid, how := e.base, "self", "in-process server: RSS of the bench process (server, database and load generator together)"
	if r.opt.ServerCmd != nil {
		b, p, stop, err := r.child(ctx)
		if err != nil {
			return err
		}
		defer stop()
		base, pid, how = b, p, "`hagukumi serve` as a child process: its own /proc/<pid>/status"
	}
	mb := func(kb int) float64 { return float64(kb) / 1024 }
	// Visit the pages once so the server's caches are as they will be.
	c := newClient(base, e.cookie(), 8)
	for _, p := range []string{"/", listPath(false), listPath(true), "/programs"} {
		if _, _, err := c.fetch(ctx, p); err != nil {
			c.close()
			return err
		}
	}
	c.close()
	rss0 := procKB(pid, "VmRSS")
	conns, err := idleConns(ctx, base, 1000)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	if err != nil {
		return fmt.Errorf("opening 1,000 connections: %w", err)
	}
	time.Sleep(200 * time.Millisecond)
	rss1 := procKB(pid, "VmRSS")
	// Sample the RSS while #5's load runs.
	stopSampling := make(chan struct{})
	peak := rss1
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				peak = max(peak, procKB(pid, "VmRSS"))
			}
		}
	}()
	d := r.dur(2*time.Second, 20*time.Second)
	res, _ := r.mixedAt(ctx, base, r.opt.Rate, d, 6)
	close(stopSampling)
	wg.Wait()
	peak = max(peak, procKB(pid, "VmRSS"))
	hwm := procKB(pid, "VmHWM")
	alive := 0
	for _, c := range conns {
		if c == nil {
			continue
		}
		c.SetReadDeadline(time.Now().Add(time.Millisecond))
		var b [1]byte
		if _, err := c.Read(b[:]); err != nil && isTimeout(err) {
			alive++
		}
	}
	s := summarize(res.lat)
	r.add(Figure{Scenario: 6, Metric: "server RSS, idle, before the connections", Unit: "MB", Value: mb(rss0), Note: how})
	r.add(Figure{Scenario: 6, Metric: "server RSS with 1,000 idle keep-alive connections", Unit: "MB", Value: mb(rss1),
		Note: fmt.Sprintf("%.1f kB per connection", float64(rss1-rss0)/1000)})
	r.add(Figure{Scenario: 6, Metric: fmt.Sprintf("server peak RSS: 1,000 idle + %d req/s mixed for %.0f s", r.opt.Rate, d.Seconds()), Unit: "MB",
		Value: mb(peak), Median: f64(ms(s.p50)), P99: f64(ms(s.p99)), Count: s.n, Target: "≤ 256 MB", Met: boolp(mb(peak) <= 256),
		Note: fmt.Sprintf("VmHWM %.0f MB; %d of 1,000 idle connections still open; %d errors", mb(hwm), alive, res.errs+res.dropped)})
	r.logf("  RSS %.0f → %.0f (1,000 idle) → peak %.0f MB under load", mb(rss0), mb(rss1), mb(peak))
	return nil
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// ServeCommand is the usual ServerCmd: this executable's `serve`.
func ServeCommand(exe string) func(ctx context.Context, dsn string) *exec.Cmd {
	return func(ctx context.Context, dsn string) *exec.Cmd {
		return exec.CommandContext(ctx, exe, "serve", "--db", dsn, "--addr", "127.0.0.1:0")
	}
}
