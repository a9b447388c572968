using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;

namespace ComplianceBot.Core.Delivery;

/// <summary>What became of one notice: sent, or skipped with the reason (an id or error code, never content).</summary>
public sealed record NoticeOutcome(string PersonId, bool Sent, string? Reason = null);

/// <summary>
/// Carries out a turn's notices (a risk's owner told of a new risk, say) on whichever platform reaches the
/// person (see <see cref="ChatAddressBook"/>). A notice is best effort: one that cannot be delivered is skipped
/// and reported, and never fails the turn that raised it — the person's own replies have already gone out.
/// </summary>
public sealed class NoticeDelivery(IComplianceStore store, ChatAddressBook addresses)
{
    public async Task<IReadOnlyList<NoticeOutcome>> SendAsync(IReadOnlyList<Notice>? notices, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<NoticeOutcome>();
        foreach (var notice in notices ?? [])
        {
            outcomes.Add(await SendOneAsync(notice, cancellationToken));
        }

        return outcomes;
    }

    private async Task<NoticeOutcome> SendOneAsync(Notice notice, CancellationToken cancellationToken)
    {
        var person = (await store.FindAsync<Person>(notice.PersonId, cancellationToken))?.Document;
        if (person is null) return new NoticeOutcome(notice.PersonId, false, "unknown_person");
        try
        {
            var address = await addresses.DirectAsync(person, cancellationToken);
            var channel = address is null ? null : addresses.Channel(address.Platform);
            if (address is null || channel is null) return new NoticeOutcome(notice.PersonId, false, "no_chat_account");
            await channel.SendAsync(address, notice.Message, cancellationToken);
            return new NoticeOutcome(notice.PersonId, true);
        }
        catch (ChatSendException ex)
        {
            return new NoticeOutcome(notice.PersonId, false, ex.Reason);
        }
#pragma warning disable CA1031 // a notice never fails the turn that raised it: any failure is reported by its type
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new NoticeOutcome(notice.PersonId, false, ex.GetType().Name);
        }
    }
}
