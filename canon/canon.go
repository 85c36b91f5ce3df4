// Package canon computes the keys that make ingest idempotent: the
// canonical form of an article URL, the hash of an article's content, the
// normalised form of a speaker's name and the host that names a source.
// They are pure functions: the same input always gives the same key.
package canon

import (
	_ "embed"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
	"golang.org/x/text/unicode/norm"
)

//go:embed tracking.txt
var trackingFile string

// tracking is the parsed tracking.txt: exact names and prefixes. It is
// built once from embedded data and only read afterwards.
var tracking = parseTracking(trackingFile)

type trackingSet struct {
	names    map[string]bool
	prefixes []string
}

func parseTracking(s string) trackingSet {
	t := trackingSet{names: map[string]bool{}}
	for _, line := range strings.Split(s, "\n") {
		line = strings.ToLower(strings.TrimSpace(line))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if p, ok := strings.CutSuffix(line, "*"); ok {
			t.prefixes = append(t.prefixes, p)
		} else {
			t.names[line] = true
		}
	}
	return t
}

// IsTracking reports whether a query parameter name only tracks the reader
// (utm_source, fbclid, gclid, …), from the list in tracking.txt.
func IsTracking(name string) bool {
	name = strings.ToLower(name)
	if tracking.names[name] {
		return true
	}
	for _, p := range tracking.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// URL returns the canonical form of an absolute http or https URL: scheme
// and host lower-cased, the host's trailing dot, the default port, the
// user information and the fragment removed, an empty path made "/",
// tracking parameters removed and the remaining parameters sorted by name
// (keeping the order of repeated names). Two URLs of the same page differing
// only in those ways get the same key.
func URL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("canonical url: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("canonical url %q: not an http or https url", raw)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return "", fmt.Errorf("canonical url %q: no host", raw)
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 literal keeps its brackets
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String(), nil
}

// cleanQuery drops tracking parameters and sorts the rest by name, working
// on the raw pairs so that their encoding is kept as the site wrote it.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ name, raw string }
	var pairs []pair
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if IsTracking(name) {
			continue
		}
		// A raw space would end the URL for many readers (and a trailing
		// one is trimmed on the next pass): write it encoded.
		pairs = append(pairs, pair{name, strings.ReplaceAll(p, " ", "%20")})
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].name < pairs[j].name })
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.raw
	}
	return strings.Join(parts, "&")
}

// SourceHost returns the host that names the source of a URL: lower-cased,
// without port and without a leading "www.". It returns "" for a URL
// without a host.
func SourceHost(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return ""
	}
	h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	return strings.TrimPrefix(h, "www.")
}

// Hash returns the content hash of an article: xxh3 of its title and text
// after Normalize, so whitespace, case and Unicode composition differences
// do not make a different article.
func Hash(title, text string) uint64 {
	h := xxh3.New()
	h.WriteString(Normalize(title))
	h.WriteString("\n")
	h.WriteString(Normalize(text))
	return h.Sum64()
}

// Normalize is the text form that Hash hashes: NFKC, lower case, every run
// of white space one space, no space at either end.
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Name returns the key of a speaker's name: accents removed, lower case,
// apostrophes dropped, other punctuation and white space made single
// spaces. "Agnès Callamard", "AGNES CALLAMARD" and "Agnes  Callamard" share
// the key "agnes callamard"; "O’Brien" and "O'Brien" share "obrien".
func Name(name string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent: drop it, keep its base letter
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
			// O'Brien and OBrien are written both ways
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(unicode.ToLower(r))
		default:
			space = b.Len() > 0
		}
	}
	return b.String()
}

// Initials returns the first letters of a name of several words, as an
// acronym spells it ("united nations" → "un"), "" for one word: a target
// "the UN" is the United Nations.
func Initials(name string) string {
	f := strings.Fields(name)
	if len(f) < 2 {
		return ""
	}
	var b strings.Builder
	for _, w := range f {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}
