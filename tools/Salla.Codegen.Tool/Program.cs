using System;
using Salla.Codegen.Tool;

return await SallaCli.RunAsync(args, Console.Out, Console.Error, Console.OpenStandardInput, Console.OpenStandardOutput, Environment.GetEnvironmentVariable);
