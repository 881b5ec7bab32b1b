package io.xdpfeed.bench.live;

/**
 * The CME-format config.xml of the lab's channel, as {@code scripts/lab up} writes it: for tests that run a handler
 * without a lab (kernel UDP on the loopback interface, nothing sent).
 */
final class LabChannel
{
    static final String CONFIG_XML = """
        <?xml version="1.0" encoding="UTF-8"?>

        <configuration environment="xdpfeed-lab" updated="2026/01/01-00:00:00">
          <channel id="1" label="xdpfeed lab - simulated futures">
            <products>
              <product code="XF">
                <group code="XF"/>
              </product>
            </products>
           <connections>
            <connection id="1IA">
              <type feed-type="I">Incremental</type>
              <protocol>UDP/IP</protocol>
              <ip>224.0.31.1</ip>
              <host-ip>10.77.0.1</host-ip>
              <port>14310</port>
              <feed>A</feed>
            </connection>
            <connection id="1IB">
              <type feed-type="I">Incremental</type>
              <protocol>UDP/IP</protocol>
              <ip>224.0.32.1</ip>
              <host-ip>10.77.0.1</host-ip>
              <port>15310</port>
              <feed>B</feed>
            </connection>
            <connection id="1NA">
              <type feed-type="N">Instrument Replay</type>
              <protocol>UDP/IP</protocol>
              <ip>224.0.26.1</ip>
              <host-ip>10.77.0.1</host-ip>
              <port>7310</port>
              <feed>A</feed>
            </connection>
            <connection id="1SA">
              <type feed-type="S">Snapshot</type>
              <protocol>UDP/IP</protocol>
              <ip>224.0.25.1</ip>
              <host-ip>10.77.0.1</host-ip>
              <port>6310</port>
              <feed>A</feed>
            </connection>
           </connections>
          </channel>
        </configuration>
        """;

    private LabChannel()
    {
    }
}
