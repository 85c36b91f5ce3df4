package feed

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// maxRobotsBytes is how much of a robots.txt is read; RFC 9309 asks
// crawlers to parse at least 500 KiB.
const maxRobotsBytes = 512 << 10

// Robots is the part of a robots.txt (RFC 9309) that applies to one
// crawler: the rules of the groups naming its product token, or of the
// "*" groups when none does. The nil *Robots allows everything.
type Robots struct {
	rules []robotsRule
	// CrawlDelay is the non-standard Crawl-delay of the group, 0 if none.
	CrawlDelay time.Duration
}

type robotsRule struct {
	allow   bool
	pattern string
}

// disallowAll is what a crawler assumes of a host whose robots.txt it
// could not read because the server failed (RFC 9309, 2.3.1.4).
var disallowAll = &Robots{rules: []robotsRule{{allow: false, pattern: "/"}}}

// ParseRobots reads robots.txt data for the crawler whose product token is
// agent ("rapporteur"). Lines it does not understand are ignored, as the
// RFC asks.
func ParseRobots(data []byte, agent string) *Robots {
	data = data[:min(len(data), maxRobotsBytes)]
	agent = strings.ToLower(agent)

	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false // the previous line was a user-agent line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxRobotsBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(value))
			inAgents = true
		case "allow", "disallow":
			inAgents = false
			if cur == nil || value == "" {
				continue // rules before any user-agent line; an empty disallow allows all
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: value})
		case "crawl-delay":
			inAgents = false
			if cur != nil {
				if s, err := strconv.ParseFloat(value, 64); err == nil && s > 0 {
					cur.delay = time.Duration(s * float64(time.Second))
				}
			}
		default:
			inAgents = false
		}
	}

	// The groups naming the agent apply, merged; otherwise the "*" ones.
	r := &Robots{}
	for _, star := range []bool{false, true} {
		for _, g := range groups {
			for _, a := range g.agents {
				if (star && a == "*") || (!star && a != "*" && a == agent) {
					r.rules = append(r.rules, g.rules...)
					r.CrawlDelay = max(r.CrawlDelay, g.delay)
					break
				}
			}
		}
		if len(r.rules) > 0 || r.CrawlDelay > 0 {
			break
		}
	}
	return r
}

// Allowed reports whether the crawler may fetch path (the URL's path and
// query). The longest matching rule decides; between an allow and a
// disallow rule of the same length, allow wins. /robots.txt itself is
// always allowed.
func (r *Robots) Allowed(path string) bool {
	if r == nil || path == "/robots.txt" {
		return true
	}
	if path == "" {
		path = "/"
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if n := len(rule.pattern); n >= best && robotsMatch(rule.pattern, path) {
			if n > best || rule.allow {
				allow = rule.allow
			}
			best = n
		}
	}
	return allow
}

// robotsMatch matches a robots.txt path pattern, where "*" is any run of
// characters and a final "$" anchors the end, against the start of path.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, p := range parts[1:] {
		if anchored && i == len(parts)-2 {
			return strings.HasSuffix(rest, p)
		}
		j := strings.Index(rest, p)
		if j < 0 {
			return false
		}
		rest = rest[j+len(p):]
	}
	return !anchored || rest == ""
}
