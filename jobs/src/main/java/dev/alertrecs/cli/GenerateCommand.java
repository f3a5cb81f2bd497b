package dev.alertrecs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the generator lands. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write sample input data.")
public final class GenerateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
