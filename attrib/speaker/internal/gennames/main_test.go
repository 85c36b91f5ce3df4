package main

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	csv := "name,female,male\nJames,10,990\nKim,840,160\nX,500,500\nRare,1,2\n"
	names, err := read(strings.NewReader(csv), 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, n := range names {
		got[n.name] = n.share
	}
	if len(got) != 2 || got["James"] != 0.01 || got["Kim"] != 0.84 {
		t.Errorf("read kept %v; want James 0.01 and Kim 0.84 only (no initials, no rare names)", got)
	}
	if _, err := read(strings.NewReader("a,b\n"), 1); err == nil {
		t.Error("a file without the name,female,male header was accepted")
	}
}
