package query

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var now = time.Date(2022, 9, 8, 12, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "<nil>"},
		{"   ", "<nil>"},
		{"xinjiang", "xinjiang"},
		{"zhao lijian", "zhao AND lijian"},
		{"a AND b AND c", "a AND b AND c"},
		{"a OR b c", "a OR b AND c"},
		{"a b OR c", "a AND b OR c"},
		{"(a OR b) c", "(a OR b) AND c"},
		{"report NOT farce", "report AND NOT farce"},
		{"report -farce", "report AND NOT farce"},
		{"NOT NOT a", "a"},
		{"well-known", "well-known"},
		{"a - b", "a AND - AND b"},
		{`"credible allegations"`, `"credible allegations"`},
		{`"credible allegations"*`, `"credible allegations"*`},
		{"allegat*", "allegat*"},
		{"and or not", "and AND or AND not"},
		{"title:xinjiang", "title:xinjiang"},
		{`speaker:"Zhao Lijian" said`, `speaker:"Zhao Lijian" AND said`},
		{"SPEAKER:zhao*", "speaker:zhao*"},
		{"source:bbc.co.uk", "source:bbc.co.uk"},
		{`credit:"associated press"`, `credit:"associated press"`},
		{"lang:EN", "lang:en"},
		{"kind:Direct", "kind:direct"},
		{"mode:Stance", "mode:stance"},
		{"10:30", "10:30"},
		{"date:2022-08-01..2022-09-30", "date:2022-08-01T00:00:00Z..2022-10-01T00:00:00Z"},
		{"date:2022-08", "date:2022-08-01T00:00:00Z..2022-09-01T00:00:00Z"},
		{"date:2022", "date:2022-01-01T00:00:00Z..2023-01-01T00:00:00Z"},
		{"date:2022-08-15", "date:2022-08-15T00:00:00Z..2022-08-16T00:00:00Z"},
		{"date:2022-08..", "date:2022-08-01T00:00:00Z.."},
		{"date:..2022-08", "date:..2022-09-01T00:00:00Z"},
		{"date:P7D", "date:2022-09-01T12:00:00Z.."},
		{"date:P1M", "date:2022-08-08T12:00:00Z.."},
		{"date:PT12H", "date:2022-09-08T00:00:00Z.."},
		{"date:P1W", "date:2022-09-01T12:00:00Z.."},
		{"date:P1Y2M3DT4H5M6S", "date:2021-07-05T07:54:54Z.."},
		{"date:2022-09-01T12:00:00Z..", "date:2022-09-01T12:00:00Z.."},
		{"NOT (a OR b)", "NOT (a OR b)"},
		{"(a OR b) (c OR d)", "(a OR b) AND (c OR d)"},
		{"(un OR report) speaker:callamard -kind:indirect date:P30D",
			"(un OR report) AND speaker:callamard AND NOT kind:indirect AND date:2022-08-09T12:00:00Z.."},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in, now)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		got := "<nil>"
		if n != nil {
			got = n.String()
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		want string // a piece of the message
	}{
		{`"unclosed`, 0, "never closed"},
		{`a "unclosed`, 2, "never closed"},
		{`""`, 0, "empty phrase"},
		{"(a OR b", 0, `"(" is never closed`},
		{"a OR b)", 6, `no matching "("`},
		{")", 0, `no matching "("`},
		{"()", 0, "empty parentheses"},
		{"a AND", 2, "AND needs a term"},
		{"OR a", 0, "OR needs a term"},
		{"a OR", 2, "OR needs a term"},
		{"a NOT", 2, "NOT needs a term"},
		{"a AND OR b", 2, "AND needs a term"},
		{"*", 0, `"*" must end a word`},
		{"speakr:zhao", 0, `unknown field "speakr:"`},
		{"https://example.com", 0, "put the word in quotes"},
		{"speaker:", 8, "needs a value"},
		{"speaker: zhao", 8, "needs a value"},
		{"kind:quote", 0, "kind:direct, kind:indirect or kind:mixed"},
		{"mode:words", 0, "use mode:speech (words said) or mode:stance"},
		{"lang:english", 0, "lang:en"},
		{"date:yesterday", 0, "is not a date"},
		{"date:2022-13-01", 0, "is not a date"},
		{"date:2022-09..2022-08", 0, "ends before it starts"},
		{"date:..", 0, "no dates"},
		{"date:2022-09-01T12:00:00Z", 0, "not a period"},
		{"date:P", 0, "no length"},
		{"date:P7X", 0, "unknown unit"},
		{"date:PT", 0, "no length"},
		{"date:P1H", 0, "unknown unit"},
		{"zhào date:x", 5, "is not a date"},
		{strings.Repeat("(", 30) + "a" + strings.Repeat(")", 30), 21, "nests deeper"},
		{strings.Repeat("a ", 65), 0, "more than 64 terms"},
		{strings.Repeat("a", MaxLen+1), 0, "longer than"},
		{"\xff", 0, "UTF-8"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in, now)
		var qe *Error
		if !errors.As(err, &qe) {
			t.Errorf("Parse(%q) = %v, %v; want an *Error", tt.in, n, err)
			continue
		}
		if qe.Pos != tt.pos || !strings.Contains(qe.Msg, tt.want) {
			t.Errorf("Parse(%q) error at %d %q; want at %d, containing %q", tt.in, qe.Pos, qe.Msg, tt.pos, tt.want)
		}
		if !strings.HasPrefix(err.Error(), "query: column ") {
			t.Errorf("Parse(%q) error %q does not say the column", tt.in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"zhao lijian", `"credible allegations" OR torture*`, "(a OR b) NOT c -d",
		`speaker:"Zhao Lijian" kind:direct date:2022-08-01..2022-09-30`,
		"source:bbc.co.uk credit:ap lang:en date:P1Y2M3DT4H", "title:(x", `a "b`, "NOT", "date:..",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s, now)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %v is not an *Error", s, err)
			}
			if qe.Pos < 0 || qe.Pos > utf8.RuneCountInString(s) {
				t.Fatalf("Parse(%q): position %d outside the query", s, qe.Pos)
			}
			return
		}
		if n == nil {
			if strings.TrimSpace(s) != "" && utf8.ValidString(s) && strings.TrimFunc(s, func(r rune) bool {
				return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0xA0 || r > 0x1000
			}) != "" {
				// only white space may parse to nothing; anything else
				// must give a node or an error
				if strings.IndexFunc(s, func(r rune) bool { return r > ' ' && r != 0x85 && r != 0xA0 && r <= 0x1000 }) >= 0 {
					t.Fatalf("Parse(%q) = nil, nil", s)
				}
			}
			return
		}
		// The printed form of a tree parses to the same tree.
		if len(n.String()) > MaxLen {
			return
		}
		again, err := Parse(n.String(), now)
		if err != nil {
			t.Fatalf("Parse(%q) = %s, which does not parse: %v", s, n, err)
		}
		if again.String() != n.String() {
			t.Fatalf("Parse(%q) = %s, reparsed %s", s, n, again)
		}
	})
}

// TestPositives: the words a match must or may contain, in query order,
// never those under a NOT.
func TestPositives(t *testing.T) {
	tests := []struct{ q, want string }{
		{"farce", "[farce]"},
		{`(tax OR budget) AND "prime minister" -iraq`, `[tax budget "prime minister"]`},
		{"speaker:zhao NOT (a OR b) c*", "[speaker:zhao c*]"},
		{"date:2022-08-01..2022-08-31", "[]"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.q, time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, term := range Positives(n) {
			got = append(got, term.String())
		}
		if s := fmt.Sprint(got); s != tt.want && !(len(got) == 0 && tt.want == "[]") {
			t.Errorf("Positives(%q) = %s, want %s", tt.q, s, tt.want)
		}
	}
}
