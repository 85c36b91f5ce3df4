package main

import (
	"errors"

	"github.com/rapporteur/rapporteur"
)

// exitCode translates an error into the process exit status: 2 for usage
// and invalid input, 1 for everything else.
func exitCode(err error) int {
	switch {
	case errors.Is(err, errUsage):
		return 2
	case rapporteur.ErrorCode(err) == rapporteur.EINVALID, rapporteur.ErrorCode(err) == rapporteur.ETOOLARGE:
		return 2
	}
	return 1
}
