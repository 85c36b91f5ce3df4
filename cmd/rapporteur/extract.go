package main

import "context"

// ExtractCommand is `rapporteur extract`.
type ExtractCommand struct{ Main *Main }

// Run runs the command.
func (c *ExtractCommand) Run(ctx context.Context, args []string) error { return errUsage }

// Usage returns the help text.
func (c *ExtractCommand) Usage() string { return "usage: rapporteur extract FILE|URL|-\n" }
