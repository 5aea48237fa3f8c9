using System.CommandLine;
using System.Reflection;
using DicomCipherGateway.Cli.Commands;

var root = new RootCommand("dcg: DicomCipherGateway's command-line tool.");
var version = new Command("version", "Print the tool's version.");
version.SetAction(_ =>
{
    Console.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
    return 0;
});
root.Subcommands.Add(version);
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(DataSynthCommand.Create());
root.Subcommands.Add(KeygenCommand.Create());
root.Subcommands.Add(KeyCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(AnalyzeCommand.Create());
root.Subcommands.Add(EncryptCommand.Create());
root.Subcommands.Add(DecryptCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(EchoCommand.Create());
root.Subcommands.Add(StoreCommand.Create());
root.Subcommands.Add(FindCommand.Create());
root.Subcommands.Add(MoveCommand.Create());
root.Subcommands.Add(GetCommand.Create());
root.Subcommands.Add(ListenCommand.Create());
root.Subcommands.Add(RoiCommand.Create());
root.Subcommands.Add(GatewayCommand.Create());
root.Subcommands.Add(VerifyPacsCommand.Create());
var parsed = root.Parse(args);

// find, move and get own Ctrl-C (InterruptSignal): a C-CANCEL and the peer's final answer may
// take longer than System.CommandLine's 2 s before it forces the exit.
var invocation = new InvocationConfiguration();
if (InterruptSignal.Verbs.Contains(parsed.CommandResult.Command.Name))
{
    invocation.ProcessTerminationTimeout = null;
}

return await parsed.InvokeAsync(invocation).ConfigureAwait(false);

/// <summary>Entry point type, named so tests and the version lookup can refer to it.</summary>
public partial class Program;
