package main

import "context"

// EvalCommand is `rapporteur eval`.
type EvalCommand struct{ Main *Main }

// Run runs the command.
func (c *EvalCommand) Run(ctx context.Context, args []string) error { return errUsage }

// Usage returns the help text.
func (c *EvalCommand) Usage() string { return "usage: rapporteur eval\n" }
