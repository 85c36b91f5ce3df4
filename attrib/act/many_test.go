package act_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapporteur/rapporteur/attrib/act"
)

// TestManyStatements: an article of thousands of statements whose speakers
// criticize and deny one another by name and by pronoun (the bad input of
// issue 11) is read in bounded time, and its replies point to other
// statements and never close a cycle.
func TestManyStatements(t *testing.T) {
	if testing.Short() {
		t.Skip("reads an article of 2,000 statements")
	}
	var b strings.Builder
	b.WriteString("Mayor Jane Holt defends ferry fees\n\n")
	names := []string{"Jane Holt", "Tom Reyes", "Ann Lee", "Raj Patel", "Mia Chen"}
	for k := range 1200 {
		who, other := names[k%len(names)], names[(k+1)%len(names)]
		switch k % 3 {
		case 0:
			fmt.Fprintf(&b, "%s criticized %s, saying his plan number %d was a disgrace. ", who, other, k)
		case 1:
			fmt.Fprintf(&b, "%s denied the claim, calling it baseless. ", who)
		default:
			fmt.Fprintf(&b, "\"It is a mistake and she knows it,\" %s said. ", who)
		}
		if k%4 == 3 {
			b.WriteString("\n\n")
		}
	}
	start := time.Now()
	a, err := stages(t).Text("many", b.String())
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if len(a.Statements) < 1500 {
		t.Fatalf("%d statements read, want thousands", len(a.Statements))
	}
	links := 0
	for i, s := range a.Statements {
		for _, r := range s.RespondsTo {
			links++
			if r.Statement == i || r.Statement < 0 || r.Statement >= len(a.Statements) {
				t.Fatalf("statement %d responds to %d", i, r.Statement)
			}
		}
	}
	// No cycle: follow each statement's first answer up.
	for i := range a.Statements {
		seen := map[int]bool{}
		for k := i; ; {
			if seen[k] {
				t.Fatalf("statement %d: replies cycle through %d", i, k)
			}
			seen[k] = true
			if len(a.Statements[k].RespondsTo) == 0 {
				break
			}
			k = a.Statements[k].RespondsTo[0].Statement
		}
	}
	an, err := act.New()
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	cpu := cpuTime()
	an.Annotate(a)
	t.Logf("%d statements, %d replies, read in %v; the act stage alone %v wall, %v CPU", len(a.Statements), links, took, time.Since(start), cpuTime()-cpu)
}
