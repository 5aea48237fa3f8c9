using DicomCipherGateway.Cipher.Training;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>A progress bar with the losses on stderr: redrawn in place on a terminal, one line per report otherwise.</summary>
internal sealed class TrainingProgressBar : IProgress<TrainingProgress>
{
    private const int Width = 30;
    private readonly bool interactive = !Console.IsErrorRedirected;

    public void Report(TrainingProgress value)
    {
        if (value.RolledBack is { } what)
        {
            Console.Error.WriteLine($"{(interactive ? Environment.NewLine : string.Empty)}dcg keygen: WARNING training diverged ({what})");
            return;
        }

        var filled = (int)Math.Round(value.Fraction * Width);
        var eta = value.Step == 0 ? TimeSpan.Zero : value.Elapsed * ((value.TotalSteps - value.Step) / (double)value.Step);
        var line = $"[{new string('#', filled)}{new string('.', Width - filled)}] {value.Fraction,4:P0} step {value.Step}/{value.TotalSteps} " +
            $"rec {value.ReconstructionLoss:F4} adv {value.AdversarialLoss:F3} D {value.DiscriminatorLoss:F3} corr {value.CorrelationLoss:F4} " +
            $"lr {value.LearningRate:E1} {Format(value.Elapsed)} eta {Format(eta)}";
        if (interactive)
        {
            Console.Error.Write("\r" + line);
            if (value.Step == value.TotalSteps)
            {
                Console.Error.WriteLine();
            }
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss") : t.ToString(@"m\:ss");
}
