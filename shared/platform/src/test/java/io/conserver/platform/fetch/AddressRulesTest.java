package io.conserver.platform.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRulesTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, loopback",
    "127.8.9.10, loopback",
    "::1, loopback",
    "10.1.2.3, private",
    "172.16.0.1, private",
    "172.31.255.255, private",
    "192.168.1.1, private",
    "fc00::1, private",
    "fd12:3456::1, private",
    "169.254.1.1, link-local",
    "fe80::1, link-local",
    "169.254.169.254, metadata",
    "fd00:ec2::254, metadata",
    "100.64.0.1, carrier-grade",
    "100.127.255.255, carrier-grade",
    "0.0.0.0, unspecified",
    "::, unspecified",
    "224.0.0.1, multicast",
    "ff02::1, multicast",
    "255.255.255.255, broadcast",
    "::ffff:10.0.0.1, private",
    "::ffff:169.254.169.254, metadata",
    "64:ff9b::7f00:1, loopback",
  })
  void deniesNonPublicAddresses(String literal, String reason) throws Exception {
    assertThat(AddressRules.denial(InetAddress.getByName(literal)))
        .hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  @ParameterizedTest
  @CsvSource({"93.184.216.34", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700::1111"})
  void allowsPublicUnicast(String literal) throws Exception {
    assertThat(AddressRules.denial(InetAddress.getByName(literal))).isEmpty();
  }
}
