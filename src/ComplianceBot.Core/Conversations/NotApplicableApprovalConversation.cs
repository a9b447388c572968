using System.Text.Json.Nodes;
using ComplianceBot.Core.Attesting;
using ComplianceBot.Core.Cards;
using ComplianceBot.Core.Chat;
using ComplianceBot.Core.Records;
using ComplianceBot.Core.Storage;
using ComplianceBot.Core.Validation;

namespace ComplianceBot.Core.Conversations;

/// <summary>
/// A compliance admin's decision on a "not applicable" answer: the approval card (sent when the answer is given, and
/// again from the admin's tasks), approve, or reject with a reason; the person who answered is told either way.
/// </summary>
public sealed class NotApplicableApprovalConversation(IComplianceStore store, AttestationBook book) : IConversation
{
    public const string ApprovalTemplate = "not-applicable-approval";
    public const string ApproveNotApplicableAction = "attest.na.approve";
    public const string RejectNotApplicableAction = "attest.na.reject";
    public const string OpenNotApplicableAction = "attest.na.open";

    public IEnumerable<ChatAction> Actions =>
    [
        new(OpenNotApplicableAction, OpensForm: false, (request, cancellationToken) => OpenNotApplicableAsync(request.Person, request.Text("attestationId"), cancellationToken)),
        new(ApproveNotApplicableAction, OpensForm: false, (request, cancellationToken) => DecideNotApplicableAsync(request.Person, request.Data, approve: true, cancellationToken)),
        new(RejectNotApplicableAction, OpensForm: false, (request, cancellationToken) => DecideNotApplicableAsync(request.Person, request.Data, approve: false, cancellationToken)),
    ];

    /// <summary>The approval card again (from an admin's tasks).</summary>
    public async Task<TurnResult> OpenNotApplicableAsync(Person admin, string? attestationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var attestation = attestationId is null ? null : (await store.FindAsync<Attestation>(attestationId, cancellationToken))?.Document;
        var control = attestation is null ? null : (await store.FindAsync<Control>(attestation.ControlId, cancellationToken))?.Document;
        if (attestation is null || control is null) return TurnResult.Reply(OutboundMessage.Say("I can't find that attestation any more."));
        if (attestation.Approval != NotApplicableApproval.Pending)
            return TurnResult.Reply(OutboundMessage.Say($"{control.Id} {attestation.Period} has no \"not applicable\" answer waiting for approval."));
        var attestor = attestation.AttestorId is null ? null : (await store.FindAsync<Person>(attestation.AttestorId, cancellationToken))?.Document;
        return TurnResult.Reply(OutboundMessage.Show(ApprovalCard(control, attestation, attestor?.DisplayName ?? attestation.AttestorId ?? "", null, new JsonObject(), [])));
    }

    /// <summary>A compliance admin approves or rejects (with a reason) a "not applicable" answer; the person who gave it is told.</summary>
    public async Task<TurnResult> DecideNotApplicableAsync(Person admin, JsonObject data, bool approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(data);
        var id = CardInputs.Text(data, "attestationId") ?? "";
        var stored = (await store.FindAsync<Attestation>(id, cancellationToken))?.Document;
        var control = stored is null ? null : (await store.FindAsync<Control>(stored.ControlId, cancellationToken))?.Document;
        if (stored is null || control is null) return TurnResult.Reply(OutboundMessage.Say("I can't find that attestation any more."));
        var attestor = stored.AttestorId is null ? null : (await store.FindAsync<Person>(stored.AttestorId, cancellationToken))?.Document;
        var values = new JsonObject { ["reason"] = CardInputs.Text(data, "reason") ?? "" };

        Attestation decided;
        try
        {
            decided = await book.DecideNotApplicableAsync(id, admin, approve, CardInputs.Text(data, "reason"), cancellationToken);
        }
        catch (ValidationFailedException failed)
        {
            return TurnResult.Invalid(ApprovalCard(control, stored, attestor?.DisplayName ?? stored.AttestorId ?? "", null, values, failed.Errors), failed.Errors);
        }
        catch (NotPermittedException denied)
        {
            return TurnResult.Reply(OutboundMessage.Say(denied.Message));
        }

        var outcome = approve
            ? $"Approved by {admin.DisplayName}: {control.Id} is not applicable for {decided.Period} and drops out of the requirements it maps to."
            : $"Rejected by {admin.DisplayName}: {decided.ApprovalNote}. {control.Id} needs an answer for {decided.Period}.";
        var told = approve
            ? $"{admin.DisplayName} approved your \"not applicable\" answer for {control.Id} {decided.Period}."
            : $"{admin.DisplayName} rejected your \"not applicable\" answer for {control.Id} {decided.Period}: {decided.ApprovalNote}. Answer it again: send 'attest {control.Id}'.";
        Notice[] notices = stored.AttestorId is { } attestorId ? [new Notice(attestorId, OutboundMessage.Say(told))] : [];
        return TurnResult.Replace(ApprovalCard(control, decided, attestor?.DisplayName ?? stored.AttestorId ?? "", outcome, values, []), notices);
    }

    internal static CardView ApprovalCard(Control control, Attestation attestation, string attestor, string? outcome, JsonObject values, IReadOnlyList<FieldError> errors)
    {
        values["reason"] ??= "";
        return new CardView(ApprovalTemplate, new JsonObject
        {
            ["attestationId"] = attestation.Id,
            ["controlId"] = control.Id,
            ["controlName"] = control.Name,
            ["period"] = attestation.Period,
            ["attestor"] = attestor,
            ["justification"] = attestation.Comment ?? "—",
            ["requirements"] = string.Join(", ", control.Iso27001.Select(r => "ISO " + r).Concat(control.Soc2.Select(r => "SOC 2 " + r))) is { Length: > 0 } mapped ? mapped : "none",
            ["decided"] = outcome is not null,
            ["outcome"] = outcome ?? "",
            ["hasErrors"] = errors.Count > 0,
            ["errors"] = CardInputs.Errors(errors),
            ["values"] = values,
        });
    }
}
