package query

import (
	"strings"
	"testing"
	"time"
)

// TestActFields parses act: and target: (issue 11): an act is one of the
// contract's, any case; a target is words, a phrase or a prefix.
func TestActFields(t *testing.T) {
	for _, tc := range []struct{ q, want string }{
		{"act:deny", "act:deny"},
		{"act:DENY speaker:zhao", "act:deny AND speaker:zhao"},
		{`target:"UN report"`, `target:"UN report"`},
		{"target:rep*", "target:rep*"},
		{"NOT act:assert", "NOT act:assert"},
		{`answers:"Zhao Lijian"`, `answers:"Zhao Lijian"`},
	} {
		n, err := Parse(tc.q, time.Time{})
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if got := n.String(); got != tc.want {
			t.Errorf("%s: parsed as %s, want %s", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{"act:lie", "act:den*", "act:"} {
		_, err := Parse(q, time.Time{})
		if err == nil || !strings.Contains(err.Error(), "act") {
			t.Errorf("%s: %v, want an error naming act", q, err)
		}
	}
}
