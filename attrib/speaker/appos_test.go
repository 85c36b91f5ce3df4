package speaker

import "testing"

// TestDescribedOrganization: a common noun phrase that names nobody,
// followed by an organization's name in apposition, is that organization
// speaking ("One of these groups, the Syrian Democratic Forces (SDF),
// opposed the withdrawal" is the SDF, not "One of these groups").
func TestDescribedOrganization(t *testing.T) {
	r := resolver(t)
	cases := []struct{ text, source, want string }{
		{"One of these groups, the Syrian Democratic Forces (SDF), opposed the withdrawal.",
			"One of these groups, the Syrian Democratic Forces (SDF)", "Syrian Democratic Forces"},
		{"The largest group, the Syrian Democratic Forces, said the withdrawal was a betrayal.",
			"The largest group, the Syrian Democratic Forces", "Syrian Democratic Forces"},
		{"The news agency, Reuters, said the figures were wrong.",
			"The news agency, Reuters", "Reuters"},
		// A person in the same place was already read so; it stays.
		{"One of the lawyers, Kevin Barrett, said the ruling was wrong.",
			"One of the lawyers, Kevin Barrett", "Kevin Barrett"},
	}
	for _, c := range cases {
		got := r.Table("en", c.text).Resolve(spanOf(t, c.text, c.source))
		if got.Name != c.want {
			t.Errorf("%q: got %q, want %q", c.source, got.Name, c.want)
		}
	}
}
