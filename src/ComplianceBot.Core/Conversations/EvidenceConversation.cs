using System.Globalization;
using System.Text.Json.Nodes;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Coverage;
using ComplianceBot.Core.Filing;
using ComplianceBot.Core.Library;
using ComplianceBot.Core.Periods;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// Evidence upload: a file arrives (or the person says they will send one), the bot asks which control and the
/// effective date, then downloads, checks, stores write-once with its SHA-256 and sends it on for review: to the
/// control's reviewer, or first to its owner when someone else handed it in (see <see cref="EvidenceReviews"/>).
/// </summary>
public sealed class EvidenceConversation(
    IComplianceStore store, EvidenceLocker locker, EvidenceReviewConversation reviews, EvidencePolicy evidencePolicy, CoverageEngine coverage,
    CompliancePolicy policy, TimeProvider time)
    : IConversation
{
    public const string RequestTemplate = "evidence-request";
    public const string FiledTemplate = "evidence-filed";
    public const string StartAction = "evidence.start";
    public const string FileAction = "evidence.file";

    private static readonly TimeSpan IntentLifetime = TimeSpan.FromDays(1);

    public IEnumerable<ChatAction> Actions =>
    [
        new(StartAction, OpensForm: false, (request, cancellationToken) => StartAsync(request.Person, request.Text("controlId"), cancellationToken))
        {
            Command = new("evidence")
            {
                Aliases = ["upload"], ArgumentField = "controlId", Help = new("evidence", "Hand in evidence for a control (or just send me the file)"),
            },
        },
        new(FileAction, OpensForm: false, (request, cancellationToken) => FileAsync(request.Person, request.Data, request.Turn, cancellationToken)),
    ];

    public async Task<TurnResult> StartAsync(Person person, string? controlId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var id = controlId?.Trim().ToUpperInvariant();
        if (id is null) return TurnResult.Reply(OutboundMessage.Say("Send me the file here and I'll ask which control it is evidence for."));
        if (!ControlLibrary.IsValidControlId(id) || await store.FindAsync<Control>(id, cancellationToken) is null)
            return TurnResult.Reply(OutboundMessage.Say($"There is no control {id}."));
        await store.UpsertAsync(new EvidenceIntent { Id = person.Id, ControlId = id, At = time.GetUtcNow() }, cancellationToken);
        return TurnResult.Reply(OutboundMessage.Say($"Send me the file here and I'll file it as evidence for {id}."));
    }

    public async Task<TurnResult> ReceiveAsync(Person person, ChatFile file, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(turn);
        if (file.Size > evidencePolicy.MaxBytes)
            return TurnResult.Reply(OutboundMessage.Say($"{file.Name} is {Size(file.Size.Value)}; evidence files can be at most {Size(evidencePolicy.MaxBytes)}. Nothing was filed."));
        if (file.ContentType is { } type && !evidencePolicy.Allows(type))
            return TurnResult.Reply(OutboundMessage.Say($"I can't file {file.Name}: files of type {type} are not accepted as evidence. PDF, images, text, CSV, JSON, ZIP and Office documents are."));

        var upload = new PendingUpload
        {
            Id = "UP-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N")[..20].ToUpperInvariant(),
            PersonId = person.Id,
            File = file,
            ReceivedAt = time.GetUtcNow(),
        };
        await store.CreateAsync(upload, cancellationToken);

        var intent = (await store.FindAsync<EvidenceIntent>(person.Id, cancellationToken))?.Document;
        var controls = await ChoicesAsync(person, cancellationToken);
        var preselected = intent is not null && time.GetUtcNow() - intent.At < IntentLifetime ? intent.ControlId
            : controls.Count(c => c.IsAnsweredBy(person.Id)) == 1 ? controls.First(c => c.IsAnsweredBy(person.Id)).Id
            : "";
        var values = new JsonObject
        {
            ["control"] = preselected,
            ["effectiveDate"] = CardInputs.Day(policy.Today(time.GetUtcNow())),
            ["expiryDate"] = "",
        };
        return TurnResult.Reply(OutboundMessage.Show(RequestCard(upload, controls, values, [])));
    }

    public async Task<TurnResult> FileAsync(Person person, JsonObject data, ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(turn);
        var uploadId = CardInputs.Text(data, "uploadId");
        var pending = uploadId is null ? null : await store.FindAsync<PendingUpload>(uploadId, cancellationToken);
        if (pending is null || pending.Document.PersonId != person.Id)
            return TurnResult.Reply(OutboundMessage.Say("I can't find that file any more. Please send it again."));
        var upload = pending.Document;
        if (upload.FiledAs is not null)
            return TurnResult.Reply(OutboundMessage.Say($"{upload.File.Name} is already filed as {upload.FiledAs}."));

        var values = new JsonObject
        {
            ["control"] = CardInputs.Text(data, "control")?.ToUpperInvariant() ?? "",
            ["effectiveDate"] = CardInputs.Text(data, "effectiveDate") ?? "",
            ["expiryDate"] = CardInputs.Text(data, "expiryDate") ?? "",
        };
        var errors = new List<FieldError>();
        var controlId = CardInputs.Text(data, "control")?.ToUpperInvariant();
        if (controlId is null) errors.Add(new("control", "Choose the control this file is evidence for."));
        var (effective, effectiveMalformed) = CardInputs.Date(data, "effectiveDate");
        if (effective is null) errors.Add(new("effectiveDate", effectiveMalformed ? "Give the effective date as a date (YYYY-MM-DD)." : "Give the effective date."));
        var (expires, expiresMalformed) = CardInputs.Date(data, "expiryDate");
        if (expiresMalformed) errors.Add(new("expiryDate", "Give the expiry date as a date (YYYY-MM-DD), or leave it empty."));
        if (errors.Count > 0) return await InvalidAsync(person, upload, values, errors, cancellationToken);

        var control = (await store.FindAsync<Control>(controlId!, cancellationToken))?.Document;
        Evidence evidence;
        try
        {
            await using var content = await turn.Files.OpenAsync(upload.File, cancellationToken);
            evidence = await locker.FileAsync(new EvidenceUpload(
                content, upload.File.Name, upload.File.ContentType ?? "application/octet-stream", upload.File.Size,
                [controlId!], effective!.Value, expires, person.Id, upload.SourceLink,
                control is null ? EvidenceReview.Submitted : EvidenceReviews.StartsAs(person, [control])), cancellationToken);
        }
        catch (ValidationFailedException failed)
        {
            return await InvalidAsync(person, upload, values, failed.Errors, cancellationToken);
        }
        catch (ChatFileUnavailableException unavailable)
        {
            // Nothing was stored (the locker stores only complete, checked content); the card says what to do.
            return await InvalidAsync(person, upload, values, [new FieldError("file", NextStep(upload.File.Name, unavailable.Problem))], cancellationToken);
        }

        await store.ReplaceAsync(upload with { FiledAs = evidence.Id }, pending.ETag, cancellationToken);
        var (asks, next) = await reviews.AskAsync(evidence, cancellationToken);
        var names = string.Join(", ", next.Select(p => p.DisplayName));
        var review = (evidence.Review, next.Count) switch
        {
            (EvidenceReview.AwaitingOwner, > 0) => $"Sent to {names} to confirm (you don't answer for {controlId}); then it goes to review. It counts once approved.",
            (_, > 0) => $"Sent for review to {names}. It counts for coverage once approved.",
            _ => $"Nobody can review it yet: set a reviewer for {controlId}, or give someone other than you the compliance-admin role. It counts once approved.",
        };
        var statuses = await coverage.EvaluateAsync(control is null ? [] : [control], cancellationToken);
        var status = statuses.Count > 0 ? statuses[0] : null;
        var nextStep = status?.Finding is ControlFinding.NotAttested or ControlFinding.AttestationOverdue
            ? $"{controlId} still needs its attestation for the period that ended: send 'attest {controlId}'."
            : "";
        return TurnResult.Replace(new CardView(FiledTemplate, new JsonObject
        {
            ["fileName"] = evidence.FileName,
            ["controlId"] = controlId,
            ["evidenceId"] = evidence.Id,
            ["effectiveDate"] = CardInputs.Day(evidence.EffectiveOn),
            ["size"] = Size(evidence.SizeBytes),
            ["sha256"] = evidence.Sha256,
            ["sha256Grouped"] = CardInputs.Grouped(evidence.Sha256),
            ["review"] = review,
            ["hasNextStep"] = nextStep.Length > 0,
            ["nextStep"] = nextStep,
        }), asks.ToArray());
    }

    private async Task<TurnResult> InvalidAsync(
        Person person, PendingUpload upload, JsonObject values, IReadOnlyList<FieldError> errors, CancellationToken cancellationToken) =>
        TurnResult.Invalid(RequestCard(upload, await ChoicesAsync(person, cancellationToken), values, errors), errors);

    /// <summary>The person's own controls first, then the rest of the library.</summary>
    private async Task<List<Control>> ChoicesAsync(Person person, CancellationToken cancellationToken) =>
        (await store.ListAsync<Control>(cancellationToken)).Select(c => c.Document)
            .OrderBy(c => c.IsAnsweredBy(person.Id) ? 0 : 1)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();

    private static CardView RequestCard(PendingUpload upload, IEnumerable<Control> controls, JsonObject values, IReadOnlyList<FieldError> errors) =>
        new(RequestTemplate, new JsonObject
        {
            ["uploadId"] = upload.Id,
            ["intro"] = upload.File.Size is { } size
                ? $"You sent {upload.File.Name} ({Size(size)}). Which control is it evidence for?"
                : $"You sent {upload.File.Name}. Which control is it evidence for?",
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["controls"] = new JsonArray(controls.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name }).ToArray()),
            ["values"] = values,
        });

    private string NextStep(string fileName, ChatFileProblem problem) => problem switch
    {
        ChatFileProblem.Gone => $"I couldn't download {fileName}: the file is no longer there (deleted, or its link expired). Nothing was filed. Send the file to me again.",
        ChatFileProblem.Refused => $"I couldn't download {fileName}: access to it was refused. Nothing was filed. Send the file to me again here, in our direct chat.",
        ChatFileProblem.TooLarge => $"I couldn't file {fileName}: evidence files can be at most {Size(evidencePolicy.MaxBytes)}. Nothing was filed. Send a smaller file.",
        ChatFileProblem.TimedOut => $"Downloading {fileName} took too long. Nothing was filed. Press the button again in a few minutes, or send the file again.",
        _ => $"I couldn't download {fileName} (the download failed). Nothing was filed. Press the button again in a few minutes, or send the file again.",
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };
}
