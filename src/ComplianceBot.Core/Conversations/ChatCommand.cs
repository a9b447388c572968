namespace ComplianceBot.Core.Conversations;

/// <summary>
/// A typed command: the first word of a message (a leading "/" ignored) that reaches an action. The rest of the
/// message fills one data field, so "attest AC-01" reaches attest.open with controlId = "AC-01".
/// </summary>
/// <param name="Word">The word app manifests list.</param>
public sealed record ChatCommand(string Word)
{
    /// <summary>Other words that mean the same ("risks" for "risk").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The data field the rest of the message fills; null when the command takes nothing after it.</summary>
    public string? ArgumentField { get; init; }

    /// <summary>The action the word alone reaches instead, when that differs ("attest" alone lists the tasks).</summary>
    public string? BareActionId { get; init; }

    /// <summary>The help card's line for the command; null leaves it out of help.</summary>
    public HelpLine? Help { get; init; }

    public IEnumerable<string> Words => Aliases.Prepend(Word);
}

/// <summary>A line of the help card.</summary>
/// <param name="AdminOnly">Shown to compliance admins only (others are refused the command).</param>
public sealed record HelpLine(string Usage, string Description, bool AdminOnly = false);
