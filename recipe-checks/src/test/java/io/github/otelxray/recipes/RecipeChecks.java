/*
 * Copyright The otel-xray-extension Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.otelxray.recipes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Runs every check over a recipes folder; each problem reads "path: what is wrong". */
final class RecipeChecks {

  final EnvVarNames names;
  final JarPathCheck jars;

  RecipeChecks(EnvVarNames names, JarPathCheck jars) {
    this.names = names;
    this.jars = jars;
  }

  /** Knows the product through its extension module: its sources (keys) and pom (jar name). */
  static RecipeChecks forProduct(Path extensionModule) {
    return new RecipeChecks(
        EnvVarNames.fromProduct(extensionModule), JarPathCheck.fromBuild(extensionModule));
  }

  List<String> run(Path recipesFolder) {
    return run(RecipeFiles.load(recipesFolder));
  }

  List<String> run(RecipeFiles files) {
    List<EnvVars.Context> contexts = EnvVars.of(files);
    LinkedHashSet<String> problems = new LinkedHashSet<>(files.problems);
    problems.addAll(new CollectorConfigCheck().check(files));
    problems.addAll(new EnvVarCheck(names).check(files, contexts));
    problems.addAll(new EndpointCheck().check(files, contexts));
    problems.addAll(jars.check(files, contexts));
    problems.addAll(new PlaceholderCheck().check(files));
    problems.addAll(new IamPolicyCheck().check(files));
    return new ArrayList<>(problems);
  }
}
