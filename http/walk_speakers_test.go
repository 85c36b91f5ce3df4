package http

import (
	"strings"
	"testing"

	"github.com/rapporteur/rapporteur"
)

// TestSpeakerTypeChoices: the speaker list offers only the types that
// speakers have (group, document and unknown never matched), and a URL
// with another type still says why the list is empty.
func TestSpeakerTypeChoices(t *testing.T) {
	env := newEnv(t, nil)
	_, body := env.get(t, "/speakers")
	for _, typ := range []string{rapporteur.Group, rapporteur.Document, rapporteur.Unknown} {
		if strings.Contains(body, `<option value="`+typ+`"`) {
			t.Errorf("the speaker list offers type %s, which no speaker has", typ)
		}
	}
	for _, typ := range []string{rapporteur.Person, rapporteur.Organization} {
		if !strings.Contains(body, `<option value="`+typ+`"`) {
			t.Errorf("the speaker list does not offer type %s", typ)
		}
	}
	if status, body := env.get(t, "/speakers?type=group"); status != 200 || !strings.Contains(body, "Only persons and organizations are kept as speakers") {
		t.Errorf("/speakers?type=group: %d, without the reason it lists none", status)
	}
}

// TestVoiceRole: a story's "Who said what" names each speaker's role as
// last quoted with one.
func TestVoiceRole(t *testing.T) {
	st := func(role, aff string) *rapporteur.StoredStatement {
		return &rapporteur.StoredStatement{Statement: rapporteur.Statement{Speaker: rapporteur.Speaker{Name: "Donald Trump", Role: role, Affiliation: aff}}}
	}
	for _, c := range []struct {
		v    *rapporteur.StoryVoice
		want string
	}{
		{&rapporteur.StoryVoice{Statements: []*rapporteur.StoredStatement{st("President", "United States"), st("", "")}}, "President, United States"},
		{&rapporteur.StoryVoice{Statements: []*rapporteur.StoredStatement{st("senator", ""), st("President", "")}}, "President"},
		{&rapporteur.StoryVoice{Statements: []*rapporteur.StoredStatement{st("", "")}}, ""},
	} {
		if got := voiceRole(c.v); got != c.want {
			t.Errorf("voiceRole = %q, want %q", got, c.want)
		}
	}
}
