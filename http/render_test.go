package http

import (
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestKindLabel: what a statement line calls a statement. A stance
// ("opposed charter schools") is a position the outlet reports, never a
// quotation, whatever its kind.
func TestKindLabel(t *testing.T) {
	for _, tt := range []struct{ kind, mode, want string }{
		{rapporteur.Direct, rapporteur.Speech, "direct quote"},
		{rapporteur.Indirect, rapporteur.Speech, "reported speech"},
		{rapporteur.Mixed, rapporteur.Speech, "mixed quote"},
		{rapporteur.Indirect, rapporteur.Stance, "position"},
		{rapporteur.Direct, rapporteur.Stance, "position"},
		{rapporteur.Indirect, "", "reported speech"},
	} {
		if got := kindLabel(tt.kind, tt.mode); got != tt.want {
			t.Errorf("kindLabel(%q, %q) = %q, want %q", tt.kind, tt.mode, got, tt.want)
		}
	}
}
