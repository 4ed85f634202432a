/*
 * l2-ring-ping: ns-3 side of the l2sim "l2-ring-ping" benchmark.
 *
 * Topology ("csma-bridge" layout, as in ns-3's examples/csma/csma-bridge.cc):
 *   N host nodes, one switch node.  Each host has one CsmaNetDevice on its own
 *   two-device CsmaChannel; the other device on that channel is a port of a
 *   single BridgeNetDevice on the switch node (learning on, ageing 300 s, no
 *   address on the bridge).
 *
 * Traffic: host i (address 0x0A000000 + i + 1, /16) pings host (i+1) mod N,
 *   K echo requests of `size` payload bytes, one every `intervalMs`, first one
 *   at startS + i * floor(1 ms / N) (integer nanoseconds).  The run stops at
 *   virtual time `duration`.
 *
 * Written against the ns-3 3.37 API (Debian 12 package libns3-dev 3.37-2),
 * where the IPv4 ping application is ns3::V4Ping (the new ns3::Ping app only
 * appeared in ns-3 3.39).  V4Ping has no Count attribute, so K pings are
 * obtained through the application stop time (see below).
 *
 * Output: key=value lines on stdout (see README.md).
 */

#include "ns3/bridge-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/queue-disc.h"
#include "ns3/traffic-control-layer.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <sys/resource.h>

using namespace ns3;

namespace
{

uint64_t g_echoReplies = 0;
uint64_t g_hostTxFrames = 0;
uint64_t g_bridgeRxFrames = 0;
uint64_t g_bridgeTxFrames = 0;

void
CountPacket(uint64_t* counter, Ptr<const Packet>)
{
    ++*counter;
}

void
CountRtt(uint64_t* counter, Time)
{
    ++*counter;
}

double
SecondsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

[[noreturn]] void
Die(const char* msg)
{
    std::fprintf(stderr, "l2-ring-ping: %s\n", msg);
    std::exit(2);
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t n = 16;
    uint32_t k = 1000;
    double intervalMs = 1.0;
    double startS = 0.01;
    double duration = 2.0;
    uint32_t size = 56;
    std::string rate = "10Gbps";
    double delayUs = 1.0;

    CommandLine cmd(__FILE__);
    cmd.AddValue("n", "number of hosts (N)", n);
    cmd.AddValue("k", "echo requests sent by each host (K)", k);
    cmd.AddValue("intervalMs", "interval between echo requests of one host, ms", intervalMs);
    cmd.AddValue("startS", "time of the first echo request of host 0, s", startS);
    cmd.AddValue("duration", "virtual time at which the simulation stops, s", duration);
    cmd.AddValue("size", "ICMP echo payload bytes (V4Ping minimum is 16)", size);
    cmd.AddValue("rate", "CsmaChannel DataRate", rate);
    cmd.AddValue("delayUs", "CsmaChannel Delay, microseconds", delayUs);
    cmd.Parse(argc, argv);

    if (n < 1 || n > 65534)
    {
        Die("--n must be in [1, 65534] (host addresses are 10.0.0.0/16 + i + 1)");
    }
    if (size < 16)
    {
        Die("--size must be >= 16 (ns3::V4Ping writes a 16-byte node/app id + timestamp)");
    }
    const int64_t intervalNs = std::llround(intervalMs * 1e6);
    const int64_t startNs = std::llround(startS * 1e9);
    const int64_t durationNs = std::llround(duration * 1e9);
    const int64_t delayNs = std::llround(delayUs * 1e3);
    const int64_t staggerNs = 1000000 / static_cast<int64_t>(n); // floor(1 ms / N), integer ns
    if (intervalNs <= 0 || startNs < 0 || durationNs <= 0 || delayNs < 0)
    {
        Die("--intervalMs and --duration must be > 0, --startS and --delayUs >= 0");
    }

    // ---- ns-3 defaults changed so that no ping is lost ----------------------
    // No random jitter before ARP requests (default: Uniform[0, 10 ms]).
    Config::SetDefault("ns3::ArpL3Protocol::RequestJitter",
                       StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
    // Packets waiting for ARP resolution (default 3).
    Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(100));
    // Bridge: learning on, ageing 300 s (these are also the ns-3 defaults).
    Config::SetDefault("ns3::BridgeNetDevice::EnableLearning", BooleanValue(true));
    Config::SetDefault("ns3::BridgeNetDevice::ExpirationTime", TimeValue(Seconds(300)));

    const auto setupStart = std::chrono::steady_clock::now();

    NodeContainer hosts;
    hosts.Create(n);
    NodeContainer switchNode;
    switchNode.Create(1);
    Ptr<Node> sw = switchNode.Get(0);

    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate(rate)));
    csma.SetChannelAttribute("Delay", TimeValue(NanoSeconds(delayNs)));

    NetDeviceContainer hostDevices;
    NetDeviceContainer switchPorts;
    for (uint32_t i = 0; i < n; ++i)
    {
        // One new two-device CsmaChannel per host, as in csma-bridge.cc.
        NetDeviceContainer link = csma.Install(NodeContainer(hosts.Get(i), sw));
        hostDevices.Add(link.Get(0));
        switchPorts.Add(link.Get(1));
    }

    BridgeHelper bridge;
    bridge.Install(sw, switchPorts); // no address on the bridge / switch node

    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetIpv4ArpJitter(false); // same effect as the RequestJitter default above
    stack.Install(hosts);

    // Addresses: host i gets 0x0A000000 + i + 1 /16.  This replicates
    // Ipv4AddressHelper::Assign() minus its last step, which would install the
    // default root queue disc (FqCoDel) on the device: we want none.
    const Ipv4Mask mask("255.255.0.0");
    for (uint32_t i = 0; i < n; ++i)
    {
        Ptr<Node> node = hosts.Get(i);
        Ptr<NetDevice> dev = hostDevices.Get(i);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        int32_t ifIndex = ipv4->GetInterfaceForDevice(dev);
        if (ifIndex == -1)
        {
            ifIndex = ipv4->AddInterface(dev);
        }
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(Ipv4Address(0x0A000000u + i + 1), mask));
        ipv4->SetMetric(ifIndex, 1);
        ipv4->SetUp(ifIndex);
        Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
        if (tc && tc->GetRootQueueDiscOnDevice(dev))
        {
            Die("unexpected root queue disc on a host device");
        }
    }

    // Ping applications.  V4Ping sends at StartTime, then every Interval until
    // the application stops.  Stopping at start + K*interval yields exactly K
    // requests: the stop event is scheduled (at node initialisation, t=0)
    // before the (K+1)-th send event (scheduled at start + (K-1)*interval), so
    // at equal timestamps ns-3 runs the stop first and it cancels that send.
    // The socket stays open until then, so every reply (RTT of a few us here)
    // is received.
    for (uint32_t i = 0; k > 0 && i < n; ++i)
    {
        V4PingHelper ping(Ipv4Address(0x0A000000u + ((i + 1) % n) + 1));
        ping.SetAttribute("Interval", TimeValue(NanoSeconds(intervalNs)));
        ping.SetAttribute("Size", UintegerValue(size));
        ping.SetAttribute("Verbose", BooleanValue(false));
        ApplicationContainer app = ping.Install(hosts.Get(i));
        const int64_t t0 = startNs + static_cast<int64_t>(i) * staggerNs;
        app.Start(NanoSeconds(t0));
        app.Stop(NanoSeconds(t0 + static_cast<int64_t>(k) * intervalNs));
        app.Get(0)->TraceConnectWithoutContext("Rtt", MakeBoundCallback(&CountRtt, &g_echoReplies));
    }

    // Frame counters.  PhyTxEnd fires once per frame that completed
    // transmission onto the channel; PhyRxEnd fires once per frame delivered
    // by the channel to the device (before any filtering).
    for (uint32_t i = 0; i < n; ++i)
    {
        hostDevices.Get(i)->TraceConnectWithoutContext(
            "PhyTxEnd",
            MakeBoundCallback(&CountPacket, &g_hostTxFrames));
        switchPorts.Get(i)->TraceConnectWithoutContext(
            "PhyRxEnd",
            MakeBoundCallback(&CountPacket, &g_bridgeRxFrames));
        switchPorts.Get(i)->TraceConnectWithoutContext(
            "PhyTxEnd",
            MakeBoundCallback(&CountPacket, &g_bridgeTxFrames));
    }

    Simulator::Stop(NanoSeconds(durationNs));
    const double setupWall = SecondsSince(setupStart);

    const auto runStart = std::chrono::steady_clock::now();
    Simulator::Run();
    const double runWall = SecondsSince(runStart);

    const uint64_t events = Simulator::GetEventCount();
    const struct mallinfo2 mi = mallinfo2();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    std::printf("run_wall_s=%.6f\n", runWall);
    std::printf("setup_wall_s=%.6f\n", setupWall);
    std::printf("events=%llu\n", static_cast<unsigned long long>(events));
    std::printf("echo_replies=%llu\n", static_cast<unsigned long long>(g_echoReplies));
    std::printf("host_tx_frames=%llu\n", static_cast<unsigned long long>(g_hostTxFrames));
    std::printf("bridge_rx_frames=%llu\n", static_cast<unsigned long long>(g_bridgeRxFrames));
    std::printf("bridge_tx_frames=%llu\n", static_cast<unsigned long long>(g_bridgeTxFrames));
    std::printf("link_frames=%llu\n",
                static_cast<unsigned long long>(g_hostTxFrames + g_bridgeTxFrames));
    std::printf("heap_used_bytes=%llu\n", static_cast<unsigned long long>(mi.uordblks));
    std::printf("peak_rss_kib=%ld\n", ru.ru_maxrss);
    std::fflush(stdout);

    Simulator::Destroy();
    return 0;
}
