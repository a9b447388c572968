using System.Globalization;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Conversations;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Digests;

/// <summary>
/// "subscribe [iso|soc2|all] [day] [hour]", "unsubscribe" and "digest [iso|soc2|all]": a compliance admin
/// subscribes the channel they type in to the weekly digest, or has the digest posted there now.
/// </summary>
public sealed class DigestConversation(IComplianceStore store, DigestComposer composer, DigestSettings settings, TimeProvider time) : IConversation
{
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Now = "digest";
    public const string SubscribeAction = "digest.subscribe";
    public const string UnsubscribeAction = "digest.unsubscribe";
    public const string PostNowAction = "digest.now";

    /// <summary>Reached by typed commands only: no card offers them.</summary>
    public IEnumerable<ChatAction> Actions =>
    [
        new(SubscribeAction, OpensForm: false, (request, cancellationToken) => SubscribeAsync(request.Person, request.Text("schedule"), request.Turn, cancellationToken))
        {
            Command = new(Subscribe) { ArgumentField = "schedule", Help = new("subscribe iso|soc2|all", "In a channel: post the weekly coverage digest there", AdminOnly: true) },
        },
        new(UnsubscribeAction, OpensForm: false, (request, cancellationToken) => UnsubscribeAsync(request.Person, request.Turn, cancellationToken))
        {
            Command = new(Unsubscribe),
        },
        new(PostNowAction, OpensForm: false, (request, cancellationToken) => PostNowAsync(request.Person, request.Text("frameworks"), request.Turn, cancellationToken))
        {
            Command = new(Now) { ArgumentField = "frameworks", Help = new("digest", "Post the coverage digest here now", AdminOnly: true) },
        },
    ];

    /// <summary>Commands that act on the channel they are typed in (Slack routes them there rather than to the DM).</summary>
    public static bool IsChannelCommand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var word, ..] ? word.ToLowerInvariant().TrimStart('/') : "";
        return first is Subscribe or Unsubscribe or Now;
    }

    public static bool IsAdmin(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Roles.Contains(ReminderConversation.ComplianceAdminRole, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<TurnResult> SubscribeAsync(Person person, string? argument, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Refusal(person, Subscribe) is { } refused) return refused;
        if (turn.IsDirect)
            return Say("Type \"subscribe\" in the channel that should get the weekly digest (mention me there in Teams, or use /compliance subscribe in Slack).");

        var (frameworks, day, hour, problem) = Parse(argument);
        if (problem is not null) return Say(problem);

        var address = ChannelOf(turn.Address);
        var saved = await store.UpdateOrCreateAsync<DigestSubscription>(
            DigestSubscription.IdFor(address),
            existing => new DigestSubscription
            {
                Id = DigestSubscription.IdFor(address), Address = address, Frameworks = frameworks!, Day = day, Hour = hour,
                CreatedBy = person.Id, CreatedAt = existing?.CreatedAt ?? time.GetUtcNow(),
            },
            cancellationToken);
        return Say(string.Create(CultureInfo.InvariantCulture,
            $"This channel will get the {DigestFrameworks.Describe(saved.Frameworks)} coverage digest every {saved.Day} at {saved.Hour:00}:00. Type \"digest\" to see it now, \"unsubscribe\" to stop."));
    }

    public async Task<TurnResult> UnsubscribeAsync(Person person, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Refusal(person, Unsubscribe) is { } refused) return refused;
        var id = DigestSubscription.IdFor(ChannelOf(turn.Address));
        var existing = await store.FindAsync<DigestSubscription>(id, cancellationToken);
        if (existing is not { Document.Active: true }) return Say("This channel has no digest subscription.");

        // The store has no deletes: the subscription is kept, switched off (subscribing again switches it on).
        await store.UpdateAsync<DigestSubscription>(id, s => s with { Active = false }, cancellationToken);
        return Say("Unsubscribed: this channel gets no more weekly digests.");
    }

    public async Task<TurnResult> PostNowAsync(Person person, string? argument, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Refusal(person, Now) is { } refused) return refused;
        var frameworks = DigestFrameworks.Parse(argument);
        if (frameworks is null) return Say($"\"{argument}\" is not a framework choice; use iso, soc2 or all.");
        var (_, message) = await composer.ComposeAsync(frameworks, turn.Address.Platform, cancellationToken);
        return TurnResult.Reply(message);
    }

    /// <summary>The channel itself: a Teams channel message's conversation id carries ";messageid=…" for its thread.</summary>
    public static ConversationAddress ChannelOf(ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var id = address.ConversationId.Split(";messageid=", 2, StringSplitOptions.None)[0];
        return address with { ConversationId = id, UserId = null };
    }

    private static TurnResult? Refusal(Person person, string command) => IsAdmin(person)
        ? null
        : Say($"Only a compliance admin can use \"{command}\". Ask your compliance team to give you the {ReminderConversation.ComplianceAdminRole} role.");

    private (IReadOnlyList<string>? Frameworks, DayOfWeek Day, int Hour, string? Problem) Parse(string? argument)
    {
        IReadOnlyList<string>? frameworks = null;
        var day = settings.Day;
        var hour = settings.Hour;
        foreach (var word in (argument ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (DigestFrameworks.Parse(word) is { } chosen && frameworks is null) frameworks = chosen;
            else if (DayOf(word) is { } named) day = named;
            else if (int.TryParse(word.TrimEnd('h', 'H').Split(':')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and <= 23) hour = h;
            else return (null, day, hour, $"I don't understand \"{word}\". Use: subscribe [iso|soc2|all] [monday…sunday] [hour 0–23], e.g. \"subscribe iso monday 9\".");
        }

        return (frameworks ?? DigestFrameworks.Parse("all"), day, hour, null);
    }

    /// <summary>"mon", "Monday", "tues": three letters or more of a weekday's English name.</summary>
    private static DayOfWeek? DayOf(string word) => word.Length < 3
        ? null
        : Enum.GetValues<DayOfWeek>().Where(d => d.ToString().StartsWith(word, StringComparison.OrdinalIgnoreCase)).Select(d => (DayOfWeek?)d).FirstOrDefault();

    private static TurnResult Say(string text) => TurnResult.Reply(OutboundMessage.Say(text));
}
