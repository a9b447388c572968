using System.Security.Cryptography;
using System.Text;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Validation;
using ComplianceBot.Tests.Support;

namespace ComplianceBot.Tests.Filing;

public class EvidenceLockerTests
{
    private static EvidenceUpload Upload(byte[] content, string type = "application/pdf", long? declared = null, string control = "AC-01") => new(
        new MemoryStream(content), "access-review-q4.pdf", type, declared, [control], new DateOnly(2026, 11, 1), new DateOnly(2027, 11, 1),
        "olive@example.com", "https://teams.example/message/1");

    [Fact]
    public async Task Filed_evidence_is_hashed_stored_and_linked()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01");
        var bytes = Encoding.UTF8.GetBytes("%PDF-1.7 quarterly access review");

        var evidence = await world.Locker.FileAsync(Upload(bytes));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), evidence.Sha256);
        Assert.Equal(bytes.Length, evidence.SizeBytes);
        Assert.Equal(["AC-01"], evidence.ControlIds);
        await using var read = (await world.Contents.OpenReadAsync(evidence.StorageKey))!;
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Single(await world.Store.ListEvidenceForControlAsync("AC-01"));
    }

    [Fact]
    public async Task Oversized_file_is_refused_and_nothing_is_kept()
    {
        using var world = new TestWorld(EvidencePolicy.Default with { MaxBytes = 1024 });
        await world.AddControlAsync("AC-01");

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Locker.FileAsync(Upload(new byte[5000])));

        Assert.Equal("file", error.Errors.Single().Field);
        Assert.Contains("at most", error.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(0, await world.Store.CountAsync<Evidence>());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(world.Folder, "evidence"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Disallowed_type_unknown_control_and_future_date_are_named()
    {
        using var world = new TestWorld();
        var upload = Upload([1, 2, 3], type: "application/x-msdownload", control: "NOPE-01") with { EffectiveOn = new DateOnly(2027, 1, 1) };
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => world.Locker.FileAsync(upload));
        Assert.Equal(["file", "control", "effectiveDate"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public async Task Same_file_twice_is_stored_once_and_recorded_twice()
    {
        using var world = new TestWorld();
        await world.AddControlAsync("AC-01");
        await world.AddControlAsync("AC-02");
        var bytes = Encoding.UTF8.GetBytes("same evidence");
        var first = await world.Locker.FileAsync(Upload(bytes));
        var second = await world.Locker.FileAsync(Upload(bytes, control: "AC-02"));
        Assert.Equal(first.StorageKey, second.StorageKey);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(world.Folder, "evidence", "sha256"), "*", SearchOption.AllDirectories));
    }
}
