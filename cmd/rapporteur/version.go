package main

import (
	"context"
	"fmt"
	"runtime/debug"
)

// VersionCommand is `rapporteur version` (also --version): the module
// version and the commit the binary was built from, which is what a bug
// report needs.
type VersionCommand struct{ Main *Main }

// Usage implements Command.
func (c *VersionCommand) Usage() string {
	return `usage: rapporteur version

Prints the version, the commit the binary was built from (with "+changes"
when the working tree had uncommitted changes) and the Go version.
`
}

// Run implements Command.
func (c *VersionCommand) Run(_ context.Context, args []string) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		return errHelp
	}
	if len(args) != 0 {
		return errUsage
	}
	fmt.Fprintln(c.Main.Stdout, version())
	return nil
}

// version reads the build information the Go toolchain embeds: "go run"
// and "go build" in a checkout record the commit and its time.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "rapporteur (no build information)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+changes"
			}
		}
	}
	out := "rapporteur " + v
	if rev != "" {
		out += fmt.Sprintf(" (commit %.12s%s, %s)", rev, dirty, at)
	}
	return out + " " + bi.GoVersion
}
