package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelp asks for the list of commands and every command for its
// help, as a user does: the help is printed on stdout and the exit status
// is 0, while an unknown flag or command is a usage error (status 2) said
// in one line.
func TestHelp(t *testing.T) {
	r := run(t, nil, "help")
	if r.code != 0 || !strings.Contains(r.stdout, "extract") {
		t.Fatalf("%+v", r)
	}
	r = run(t, nil, "extract", "-h")
	if r.code != 0 || !strings.Contains(r.stdout, "--allow-private") || r.stderr != "" {
		t.Fatalf("%+v", r)
	}
	m := &Main{}
	for name := range m.commands() {
		for _, flag := range []string{"-h", "--help"} {
			var out, errOut bytes.Buffer
			m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
			if code := m.Main(context.Background(), []string{name, flag}); code != 0 {
				t.Errorf("rapporteur %s %s: exit %d, stderr %q", name, flag, code, errOut.String())
			}
			if !strings.Contains(strings.ToLower(out.String()), "usage") {
				t.Errorf("rapporteur %s %s: no usage on stdout: %q", name, flag, out.String())
			}
		}
	}
	var out, errOut bytes.Buffer
	m = &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	if code := m.Main(context.Background(), []string{"bogus"}); code != 2 {
		t.Errorf("rapporteur bogus: exit %d, want 2", code)
	}
	if got := strings.TrimSpace(errOut.String()); strings.Count(got, "\n") != 0 || !strings.Contains(got, `"bogus"`) {
		t.Errorf("rapporteur bogus: want one line naming the command, got %q", got)
	}
	if code := m.Main(context.Background(), []string{"migrate", "--bogus"}); code != 2 {
		t.Errorf("rapporteur migrate --bogus: exit %d, want 2", code)
	}
}

// TestHelpAligned: in every command's help, the texts of its options start
// in one column, the model options' too.
func TestHelpAligned(t *testing.T) {
	m := &Main{}
	for name, c := range m.commands() {
		col := -1
		for _, line := range strings.Split(c.Usage(), "\n") {
			if !strings.HasPrefix(line, "  --") {
				continue
			}
			i := strings.Index(line, "  ")
			j := strings.Index(line[2:], "  ")
			if i != 0 || j < 0 {
				continue // an option whose text is on the next line
			}
			at := 2 + j + len(line[2+j:]) - len(strings.TrimLeft(line[2+j:], " "))
			if col < 0 {
				col = at
			} else if at != col {
				t.Errorf("rapporteur %s -h: %q starts its text at column %d, the first option at %d", name, line, at, col)
			}
		}
	}
}
