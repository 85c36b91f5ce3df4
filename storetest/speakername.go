package storetest

import (
	"context"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// SpeakerNamer is a store that names a speaker without reading its whole
// record: what a filter chip shows (issue 15).
type SpeakerNamer interface {
	rapporteur.Store
	SpeakerName(ctx context.Context, id int64) (string, error)
}

// OpenSpeakerNamer returns a new, empty store for one test.
type OpenSpeakerNamer func(t *testing.T) SpeakerNamer

// RunSpeakerName runs the contract of SpeakerName: a speaker's name is
// the one Speaker gives, a speaker merged into another is named as the
// one it became (as Speaker reads it), and an unknown id is ENOTFOUND.
func RunSpeakerName(t *testing.T, open OpenSpeakerNamer) {
	s := open(t)
	defer s.Close()
	joe, hunter, _ := bidens(t, s)
	for _, id := range []int64{joe, hunter} {
		sp, err := s.Speaker(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if name, err := s.SpeakerName(ctx, id); err != nil || name != sp.Name {
			t.Errorf("speaker %d: named %q (%v), Speaker says %q", id, name, err, sp.Name)
		}
	}
	correct(t, corrector(t, s), rapporteur.Correction{Kind: rapporteur.CorrectMerge, SpeakerID: hunter, TargetID: joe, By: "ana"})
	if name, err := s.SpeakerName(ctx, hunter); err != nil || name != "Joe Biden" {
		t.Errorf("a speaker merged into Joe Biden is named %q (%v)", name, err)
	}
	_, err := s.SpeakerName(ctx, joe+hunter+100)
	wantCode(t, "name of an unknown speaker", err, rapporteur.ENOTFOUND)
}
