using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Delivery;
using ComplianceBot.Core.Records;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Delivery;

public sealed class NoticeDeliveryTests
{
    [Fact]
    public async Task A_notice_reaches_the_person_where_they_last_talked_and_one_without_a_chat_account_is_skipped_with_the_reason()
    {
        using var world = new TestWorld();
        var teams = new RecordingChannel(world.Time);
        var slack = new RecordingChannel(world.Time, Platforms.Slack);
        await world.Store.UpsertAsync(new Person { Id = "olive@example.com", Email = "olive@example.com", DisplayName = "Olive" });
        await world.Store.UpsertAsync(new Person { Id = "nobody@example.com", Email = "nobody@example.com", DisplayName = "Nobody" });
        await world.Store.UpsertAsync(new ConversationReference
        {
            Id = ConversationReference.IdFor(Platforms.Slack, "olive@example.com"), PersonId = "olive@example.com", UpdatedAt = world.Time.GetUtcNow(),
            Address = new ConversationAddress(Platforms.Slack, "D0OLIVE", TenantId: "T1", UserId: "U0OLIVE"),
        });
        var notices = new NoticeDelivery(world.Store, new ChatAddressBook(world.Store, [teams, slack], world.Time));

        var outcomes = await notices.SendAsync([
            new Notice("olive@example.com", OutboundMessage.Say("RISK-0001 was raised for you.")),
            new Notice("nobody@example.com", OutboundMessage.Say("RISK-0002 was raised for you.")),
        ]);

        Assert.Equal("D0OLIVE", Assert.Single(slack.Sent).Conversation.ConversationId);
        Assert.Empty(teams.Sent);
        Assert.Equal([new NoticeOutcome("olive@example.com", true), new NoticeOutcome("nobody@example.com", false, "no_chat_account")], outcomes);
    }
}
