package fetch

import (
	"net/netip"
	"strings"
)

// Policy decides which network addresses a Client may connect to. The zero
// Policy allows only public unicast addresses, which is what fetching a
// URL a user typed must do: a URL must never be a way into the operator's
// own network (cloud metadata at 169.254.169.254, an admin page on
// localhost, a database on 10.0.0.5).
type Policy struct {
	// AllowPrivate lets the client reach every address, private, loopback
	// and link-local included. It is an operator's opt-in, for a monitor
	// that reads an intranet.
	AllowPrivate bool
	// Allow lists networks that are reachable even though they are not
	// public, such as one intranet news server.
	Allow []netip.Prefix
}

// blocked lists the special-purpose ranges (IANA IPv4 and IPv6
// Special-Purpose Address Registries) that are not the public internet.
// netip's predicates cover loopback, RFC 1918, ULA, link-local, multicast
// and unspecified; these are the rest.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),      // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),       // documentation
	netip.MustParsePrefix("192.88.99.0/24"),     // 6to4 relay anycast
	netip.MustParsePrefix("198.18.0.0/15"),      // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"),    // documentation
	netip.MustParsePrefix("203.0.113.0/24"),     // documentation
	netip.MustParsePrefix("240.0.0.0/4"),        // reserved, and broadcast
	netip.MustParsePrefix("::/96"),              // IPv4-compatible (deprecated), ::, ::1
	netip.MustParsePrefix("100::/64"),           // discard
	netip.MustParsePrefix("2001::/23"),          // IETF protocol assignments, Teredo
	netip.MustParsePrefix("2001:db8::/32"),      // documentation
	netip.MustParsePrefix("3fff::/20"),          // documentation
	netip.MustParsePrefix("fec0::/10"),          // site-local (deprecated)
	netip.MustParsePrefix("5f00::/16"),          // segment routing SIDs
	netip.MustParsePrefix("64:ff9b:1::/48"),     // local-use IPv4/IPv6 translation
	netip.MustParsePrefix("2620:4f:8000::/48"),  // AS112 DNS sink
	netip.MustParsePrefix("ff00::/8"),           // multicast
	netip.MustParsePrefix("fc00::/7"),           // unique local
	netip.MustParsePrefix("fe80::/10"),          // link-local
	netip.MustParsePrefix("::ffff:0:0:0/96"),    // SIIT IPv4-translated
	netip.MustParsePrefix("255.255.255.255/32"), // limited broadcast
}

// Allowed reports whether the policy lets a client connect to addr. It
// looks through addresses that embed an IPv4 address (IPv4-mapped, NAT64,
// 6to4), so ::ffff:127.0.0.1 is as forbidden as 127.0.0.1.
func (p Policy) Allowed(addr netip.Addr) bool {
	if !addr.IsValid() {
		return false
	}
	addr = addr.WithZone("")
	if p.AllowPrivate {
		return true
	}
	for _, pre := range p.Allow {
		if pre.Contains(addr) || pre.Contains(addr.Unmap()) {
			return true
		}
	}
	return public(addr)
}

// public reports whether addr is a globally routable unicast address.
func public(addr netip.Addr) bool {
	addr = addr.Unmap()
	if v4, ok := embeddedIPv4(addr); ok {
		return public(v4)
	}
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsUnspecified() ||
		addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsInterfaceLocalMulticast() || addr.IsMulticast() {
		return false
	}
	for _, pre := range blocked {
		if pre.Contains(addr) {
			return false
		}
	}
	return true
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address that a NAT64 or 6to4 address
// routes to, since a gateway would connect to that address on our behalf.
func embeddedIPv4(addr netip.Addr) (netip.Addr, bool) {
	if !addr.Is6() {
		return netip.Addr{}, false
	}
	b := addr.As16()
	switch {
	case nat64.Contains(addr):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(addr):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	}
	return netip.Addr{}, false
}

// localName reports whether host is a name that always means this machine
// or its local network, so it can be refused before any DNS lookup.
func localName(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	return h == "localhost" || strings.HasSuffix(h, ".localhost") ||
		h == "localhost.localdomain" || strings.HasSuffix(h, ".local") ||
		strings.HasSuffix(h, ".internal") || strings.HasSuffix(h, ".home.arpa")
}
