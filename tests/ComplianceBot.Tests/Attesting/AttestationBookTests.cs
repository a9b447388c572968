using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Attesting;

public class AttestationBookTests
{
    [Fact]
    public async Task Attestation_by_non_owner_is_refused()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        await Assert.ThrowsAsync<NotPermittedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "mallory@example.com", AttestationResult.Operating, null, [])));
        Assert.Equal(0, await world.Store.CountAsync<Attestation>());
    }

    [Fact]
    public async Task Delegate_may_answer_for_the_current_period()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com", delegateId: "dan@example.com");
        var answer = await world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "dan@example.com", AttestationResult.Operating, " fine ", []));
        Assert.Equal(("AC-01:2026-Q4", "2026-Q4", AttestationStatus.Answered, "fine"), (answer.Id, answer.Period, answer.Status, answer.Comment));
        Assert.Equal(new DateOnly(2026, 10, 14), answer.DueOn);
    }

    [Fact]
    public async Task Not_operating_requires_a_comment()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Attestations.AnswerAsync(
            new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.NotOperating, "  ", [])));
        Assert.Equal("comment", error.Errors.Single().Field);
    }

    [Fact]
    public async Task A_later_answer_replaces_the_earlier_one_in_the_same_period()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01", owner: "olive@example.com");
        await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.NotOperating, "Reviews skipped.", []));
        world.Time.Advance(TimeSpan.FromDays(3));
        await world.Attestations.AnswerAsync(new AttestationAnswer("AC-01", "olive@example.com", AttestationResult.Operating, null, []));

        var stored = Assert.Single(await world.Store.ListAsync<Attestation>()).Document;
        Assert.Equal((AttestationResult.Operating, (string?)null), (stored.Result, stored.Comment));
        Assert.Equal(2, (await world.Store.ListAsync<AuditEvent>()).Count(e => e.Document.Action == "attestation.answered"));
    }

    [Fact]
    public async Task Requesting_twice_creates_one_request()
    {
        using var world = new TestWorld();
        var control = await world.AddControlAsync("AC-01", owner: "olive@example.com");
        var (first, created) = await world.Attestations.RequestAsync(control);
        var (second, createdAgain) = await world.Attestations.RequestAsync(control);
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, await world.Store.CountAsync<Attestation>());
    }
}
