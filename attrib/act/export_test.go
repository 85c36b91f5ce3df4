package act

import "github.com/rapporteur/rapporteur"

// SetGivenActs sets the hook that rewrites acts and targets before replies
// are linked (nil removes it); set it only while no article is being annotated.
func SetGivenActs(f func(id string, sts []rapporteur.Statement)) { givenActs = f }
