using ComplianceBot.Core.Records;

namespace ComplianceBot.Core.Filing;

/// <summary>A file someone is handing in, with what it is evidence of.</summary>
public sealed record EvidenceUpload(
    Stream Content,
    string FileName,
    string ContentType,
    long? DeclaredSize,
    IReadOnlyList<string> ControlIds,
    DateOnly EffectiveOn,
    DateOnly? ExpiresOn,
    string UploadedBy,
    string? SourceLink,
    EvidenceReview Review = EvidenceReview.Submitted);
