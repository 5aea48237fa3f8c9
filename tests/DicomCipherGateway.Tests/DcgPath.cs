namespace DicomCipherGateway.Tests;

/// <summary>
/// dcg.dll in the CLI's own output folder (same configuration as the tests): beside the tests it
/// would run without the packages the ASP.NET Core shared framework gives the gateway.
/// </summary>
internal static class DcgPath
{
    public static string Dll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = here.Name;
            var configuration = here.Parent!.Name;
            var repo = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repo, "src", "DicomCipherGateway.Cli", "bin", configuration, framework, "dcg.dll");
        }
    }
}
