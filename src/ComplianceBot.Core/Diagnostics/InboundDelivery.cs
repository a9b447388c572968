namespace ComplianceBot.Core.Diagnostics;

/// <summary>
/// The inbound event being handled on this flow of work, so an outbound send can say which delivery it answers
/// and how long after its arrival. Set by the inbox worker around a handler; absent for jobs and in requests.
/// </summary>
public sealed class InboundDelivery(string id, string platform, DateTimeOffset receivedAt, TimeProvider time)
{
    private static readonly AsyncLocal<InboundDelivery?> Ambient = new();
    private int replied;

    public static InboundDelivery? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public string Id { get; } = id;

    public string Platform { get; } = platform;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>Records the reply latency once, at the first message that went out in answer.</summary>
    internal void Replied()
    {
        if (Interlocked.Exchange(ref replied, 1) == 0)
        {
            BotTelemetry.ReplyLatency.Record(
                Math.Max(0, (time.GetUtcNow() - ReceivedAt).TotalSeconds), new KeyValuePair<string, object?>(BotTelemetry.PlatformTag, Platform));
        }
    }
}
