using System.Collections.Concurrent;
using ComplianceBot.Core.Chat;

namespace ComplianceBot.Tests.Support;

/// <summary>A chat channel that records what it was asked to send, at what time, and answers with message ids.</summary>
public sealed class RecordingChannel(TimeProvider time, string platform = Platforms.Teams) : IChatChannel
{
    private int next;

    public string Platform => platform;

    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    public ConcurrentQueue<string> Opened { get; } = new();

    /// <summary>When set, sends to these conversation ids throw it (a channel that is broken or not configured).</summary>
    public Func<Exception>? Breaks { get; set; }

    public HashSet<string> BrokenFor { get; } = [];

    public Task<string?> SendAsync(ConversationAddress conversation, OutboundMessage message, CancellationToken cancellationToken = default)
    {
        if (Breaks is { } failure && BrokenFor.Contains(conversation.ConversationId)) throw failure();
        var id = $"msg-{Interlocked.Increment(ref next)}";
        Sent.Enqueue(new SentMessage(conversation, message, time.GetUtcNow(), id));
        return Task.FromResult<string?>(id);
    }

    public Task UpdateAsync(ConversationAddress conversation, string messageId, OutboundMessage message, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task<ConversationAddress> OpenDirectAsync(string userId, string? tenantId, CancellationToken cancellationToken = default)
    {
        Opened.Enqueue(userId);
        return Task.FromResult(new ConversationAddress(platform, "dm-" + userId, "https://smba.example/amer/", tenantId, "28:bot", userId));
    }
}

public sealed record SentMessage(ConversationAddress Conversation, OutboundMessage Message, DateTimeOffset At, string Id)
{
    public IReadOnlyList<string> Keys => Message.DeliveryKeys ?? [];
}
