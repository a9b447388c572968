namespace ComplianceBot.Core.Validation;

/// <summary>What is wrong with one input field, in words the person who typed it understands.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Input was refused; nothing was saved.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public ValidationFailedException(string field, string message)
        : this([new FieldError(field, message)])
    {
    }

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>The person may not do this (e.g. attest a control they neither own nor deputise).</summary>
public sealed class NotPermittedException(string message) : Exception(message);
