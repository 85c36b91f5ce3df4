package fetch

import (
	"net/netip"
	"testing"
)

func TestPolicyAllowed(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.215.14", true},
		{"8.8.8.8", true},
		{"1.1.1.1", true},
		{"2606:4700:4700::1111", true},
		{"2a00:1450:4001:82b::200e", true},
		{"::ffff:8.8.8.8", true},          // IPv4-mapped public
		{"64:ff9b::808:808", true},        // NAT64 of 8.8.8.8
		{"2002:808:808::1", true},         // 6to4 of 8.8.8.8
		{"127.0.0.1", false},              // loopback
		{"127.1.2.3", false},              // all of 127/8
		{"::1", false},                    // IPv6 loopback
		{"10.0.0.1", false},               // RFC 1918
		{"172.16.5.4", false},             // RFC 1918
		{"172.31.255.255", false},         // RFC 1918
		{"192.168.1.1", false},            // RFC 1918
		{"169.254.169.254", false},        // link-local: cloud metadata
		{"fe80::1", false},                // IPv6 link-local
		{"fe80::1%eth0", false},           // with a zone
		{"0.0.0.0", false},                // unspecified
		{"0.1.2.3", false},                // "this network"
		{"::", false},                     // IPv6 unspecified
		{"100.64.0.1", false},             // carrier-grade NAT
		{"100.127.255.254", false},        // carrier-grade NAT
		{"fc00::1", false},                // unique local
		{"fd12:3456:789a::1", false},      // unique local
		{"224.0.0.1", false},              // multicast
		{"239.255.255.250", false},        // multicast (SSDP)
		{"ff02::1", false},                // IPv6 multicast
		{"255.255.255.255", false},        // broadcast
		{"240.0.0.1", false},              // reserved
		{"192.0.2.10", false},             // documentation
		{"198.18.0.1", false},             // benchmarking
		{"::ffff:127.0.0.1", false},       // IPv4-mapped loopback
		{"::ffff:10.0.0.1", false},        // IPv4-mapped private
		{"::ffff:169.254.169.254", false}, // IPv4-mapped metadata
		{"::127.0.0.1", false},            // IPv4-compatible
		{"64:ff9b::7f00:1", false},        // NAT64 of 127.0.0.1
		{"64:ff9b::a9fe:a9fe", false},     // NAT64 of 169.254.169.254
		{"2002:7f00:1::1", false},         // 6to4 of 127.0.0.1
		{"2002:a00:1::1", false},          // 6to4 of 10.0.0.1
		{"2001:db8::1", false},            // documentation
		{"2001:0:4136:e378::1", false},    // Teredo
		{"fec0::1", false},                // site-local
	}
	for _, tt := range tests {
		addr := netip.MustParseAddr(tt.addr)
		if got := (Policy{}).Allowed(addr); got != tt.want {
			t.Errorf("Policy{}.Allowed(%s) = %v, want %v", tt.addr, got, tt.want)
		}
		if !(Policy{AllowPrivate: true}).Allowed(addr) {
			t.Errorf("Policy{AllowPrivate: true}.Allowed(%s) = false, want true", tt.addr)
		}
	}
	if (Policy{AllowPrivate: true}).Allowed(netip.Addr{}) {
		t.Error("the invalid zero address is allowed")
	}
}

func TestPolicyAllowList(t *testing.T) {
	p := Policy{Allow: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("127.0.0.2/32")}}
	tests := []struct {
		addr string
		want bool
	}{
		{"10.1.2.3", true},
		{"::ffff:10.1.2.3", true},
		{"127.0.0.2", true},
		{"10.2.0.1", false},
		{"127.0.0.1", false},
		{"169.254.169.254", false},
		{"8.8.8.8", true},
	}
	for _, tt := range tests {
		if got := p.Allowed(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("Allowed(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestLocalName(t *testing.T) {
	for name, want := range map[string]bool{
		"localhost":                true,
		"LOCALHOST.":               true,
		"app.localhost":            true,
		"printer.local":            true,
		"metadata.google.internal": true,
		"router.home.arpa":         true,
		"example.com":              false,
		"localhost.example.com":    false,
		"news.local.example":       false,
	} {
		if got := localName(name); got != want {
			t.Errorf("localName(%q) = %v, want %v", name, got, want)
		}
	}
}
