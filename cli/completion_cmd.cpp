#include "cli/completion_cmd.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

#include "core/util/error.hpp"
#include "core/validation/validation.hpp"

namespace tc::cli {

namespace {

const char* kProgram = "truto-candidates";

// Options whose value is a local file (completion offers file names). CLI11 cannot say "this is a
// path", so the list lives here; the e2e test checks each name still exists.
const std::set<std::string> kFileOptions = {"--input",   "--resume",       "--attachment", "--mapping",
                                            "--journal", "--api-key-file", "--cacert",     "--results"};

// One flag or option of a subcommand, as the completion scripts need it.
struct OptionSpec {
  std::vector<std::string> names;  // "-o", "--output"
  std::string description;
  std::string value_name;            // "TEXT", "INT", … ("" for a flag)
  std::vector<std::string> choices;  // enumerated values, from an IsMember check
  bool takes_value = false;
  bool is_file = false;
  bool repeatable = false;
};

struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;
  std::vector<std::string> positional_choices;  // values of the first positional argument
};

// CLI11 2.1 cannot hand back an IsMember set, but its description is part of the type name:
// "TEXT:{lead,applicant}".
std::vector<std::string> choices_from_type_name(const std::string& type_name) {
  std::vector<std::string> choices;
  const size_t open = type_name.find(":{");
  if (open == std::string::npos) return choices;
  const size_t close = type_name.find('}', open);
  if (close == std::string::npos) return choices;
  std::istringstream items(type_name.substr(open + 2, close - open - 2));
  for (std::string item; std::getline(items, item, ',');)
    if (!item.empty()) choices.push_back(item);
  return choices;
}

OptionSpec option_spec(const CLI::Option& opt) {
  OptionSpec spec;
  for (const auto& s : opt.get_snames()) spec.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) spec.names.push_back("--" + l);
  spec.description = opt.get_description();
  spec.takes_value = opt.get_expected_max() > 0;  // flags expect 0 values
  const std::string type_name = opt.get_type_name();
  spec.value_name = type_name.substr(0, type_name.find(':'));
  if (spec.value_name.empty() && spec.takes_value) spec.value_name = "VALUE";
  spec.choices = choices_from_type_name(type_name);
  spec.repeatable = opt.get_expected_max() > 1;
  for (const auto& name : spec.names)
    if (kFileOptions.count(name) != 0) spec.is_file = true;
  return spec;
}

std::vector<OptionSpec> named_options(const CLI::App& app) {
  std::vector<OptionSpec> specs;
  for (const CLI::Option* opt : app.get_options())
    if (opt->nonpositional()) specs.push_back(option_spec(*opt));
  return specs;
}

std::vector<std::string> positional_choices(const CLI::App& sub, const std::vector<CommandSpec>& siblings) {
  if (sub.get_name() == "help") {  // `help TOPIC`: any other subcommand
    std::vector<std::string> topics;
    for (const auto& s : siblings)
      if (s.name != "help") topics.push_back(s.name);
    return topics;
  }
  if (sub.get_name() == "schema") return schema_names();
  for (const CLI::Option* opt : sub.get_options())
    if (!opt->nonpositional()) return choices_from_type_name(opt->get_type_name());
  return {};
}

std::vector<CommandSpec> command_specs(const CLI::App& root) {
  std::vector<CommandSpec> commands;
  const auto subs = root.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs) {
    CommandSpec c;
    c.name = sub->get_name();
    c.description = sub->get_description();
    c.options = named_options(*sub);
    commands.push_back(std::move(c));
  }
  for (size_t i = 0; i < subs.size(); ++i) commands[i].positional_choices = positional_choices(*subs[i], commands);
  return commands;
}

std::string joined(const std::vector<std::string>& words, const char* separator = " ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

std::vector<std::string> all_names(const std::vector<OptionSpec>& options) {
  std::vector<std::string> names;
  for (const auto& o : options) names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

// ---- bash -----------------------------------------------------------------------------------

void emit_bash_value_cases(std::ostream& out, const std::vector<OptionSpec>& options) {
  std::vector<std::string> file_names, free_names;
  for (const auto& o : options) {
    if (!o.takes_value) continue;
    if (!o.choices.empty()) {
      out << "                " << joined(o.names, "|") << ") _truto_candidates_reply -W \"" << joined(o.choices)
          << "\"; return ;;\n";
    } else if (o.is_file) {
      file_names.insert(file_names.end(), o.names.begin(), o.names.end());
    } else {
      free_names.insert(free_names.end(), o.names.begin(), o.names.end());
    }
  }
  if (!file_names.empty())
    out << "                " << joined(file_names, "|") << ") compopt -o filenames 2>/dev/null; "
        << "_truto_candidates_reply -f; return ;;\n";
  if (!free_names.empty())
    out << "                " << joined(free_names, "|") << ") return ;;  # a value nothing can guess\n";
}

void emit_bash(std::ostream& out, const CLI::App& root, const std::vector<CommandSpec>& commands) {
  std::vector<std::string> sub_names;
  for (const auto& c : commands) sub_names.push_back(c.name);
  const std::vector<OptionSpec> root_options = named_options(root);

  out << "# bash completion for " << kProgram << "; generated by `" << kProgram << " completion bash`.\n"
      << "# Load it with: source <(" << kProgram << " completion bash)\n\n"
      << "_truto_candidates_reply() {\n"
      << "    mapfile -t COMPREPLY < <(compgen \"$@\" -- \"$cur\")\n"
      << "}\n\n"
      << "_truto_candidates() {\n"
      << "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\" subcommand=\"\" i\n"
      << "    (( COMP_CWORD > 0 )) && prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      << "    # --flag=value: bash splits at '=' when it is in COMP_WORDBREAKS\n"
      << "    if [[ \"$cur\" == \"=\" ]]; then\n"
      << "        cur=\"\"\n"
      << "    elif [[ \"$prev\" == \"=\" ]] && (( COMP_CWORD > 1 )); then\n"
      << "        prev=\"${COMP_WORDS[COMP_CWORD-2]}\"\n"
      << "    elif [[ \"$cur\" == --*=* ]]; then\n"
      << "        prev=\"${cur%%=*}\"; cur=\"${cur#*=}\"\n"
      << "    fi\n"
      << "    COMPREPLY=()\n"
      << "    for (( i = 1; i < COMP_CWORD; i++ )); do\n"
      << "        case \"${COMP_WORDS[i]}\" in\n"
      << "            " << joined(sub_names, "|") << ") subcommand=\"${COMP_WORDS[i]}\"; break ;;\n"
      << "        esac\n"
      << "    done\n"
      << "    case \"$subcommand\" in\n"
      << "        \"\")\n"
      << "            if [[ \"$cur\" == -* ]]; then\n"
      << "                _truto_candidates_reply -W \"" << joined(all_names(root_options)) << "\"\n"
      << "            else\n"
      << "                _truto_candidates_reply -W \"" << joined(sub_names) << "\"\n"
      << "            fi\n"
      << "            ;;\n";
  for (const auto& c : commands) {
    out << "        " << c.name << ")\n"
        << "            case \"$prev\" in\n";
    emit_bash_value_cases(out, c.options);
    out << "            esac\n";
    if (!c.positional_choices.empty()) {
      out << "            if [[ \"$cur\" != -* ]]; then\n"
          << "                _truto_candidates_reply -W \"" << joined(c.positional_choices) << "\"; return\n"
          << "            fi\n";
    }
    out << "            _truto_candidates_reply -W \"" << joined(all_names(c.options)) << "\"\n"
        << "            ;;\n";
  }
  out << "    esac\n"
      << "}\n\n"
      << "complete -F _truto_candidates " << kProgram << "\n";
}

// ---- zsh ------------------------------------------------------------------------------------

// Inside a single-quoted zsh word: ' ends the quote. In an _arguments description, [ and ] also need a
// backslash (`brackets`); in a _describe item only the name's colon matters, never the description's.
std::string zsh_quoted_text(const std::string& text, bool brackets = true) {
  std::string out;
  for (char ch : text) {
    if (ch == '\'') {
      out += "'\\''";
    } else if (brackets && (ch == '[' || ch == ']' || ch == '\\')) {
      out += '\\';
      out += ch;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string zsh_action(const OptionSpec& o) {
  if (!o.choices.empty()) return "(" + joined(o.choices) + ")";
  if (o.is_file) return "_files";
  return " ";
}

void emit_zsh_option(std::ostream& out, const OptionSpec& o, const char* indent) {
  const std::string tail = "[" + zsh_quoted_text(o.description) + "]" +
                           (o.takes_value ? ":" + zsh_quoted_text(o.value_name) + ":" + zsh_action(o) : "");
  const std::string repeat = o.repeatable ? "*" : "";
  out << indent;
  if (o.names.size() == 1) {
    out << "'" << repeat << o.names[0] << tail << "'";
  } else {
    // '(-o --output)'{-o,--output}'[…]…': the spellings exclude each other.
    out << "'" << (o.repeatable ? "" : "(" + joined(o.names) + ")") << "'" << repeat << "{" << joined(o.names, ",")
        << "}'" << tail << "'";
  }
  out << " \\\n";
}

void emit_zsh(std::ostream& out, const CLI::App& root, const std::vector<CommandSpec>& commands) {
  out << "#compdef " << kProgram << "\n"
      << "# zsh completion for " << kProgram << "; generated by `" << kProgram << " completion zsh`.\n"
      << "# Save it as _" << kProgram << " in a directory of $fpath, or: source <(" << kProgram
      << " completion zsh)\n\n"
      << "_truto-candidates() {\n"
      << "    local curcontext=\"$curcontext\" state line\n"
      << "    typeset -A opt_args\n"
      << "    _arguments -C \\\n";
  for (const auto& o : named_options(root)) emit_zsh_option(out, o, "        ");
  out << "        '1: :->subcommand' \\\n"
      << "        '*:: :->args'\n"
      << "    case $state in\n"
      << "        subcommand)\n"
      << "            local -a subcommands\n"
      << "            subcommands=(\n";
  for (const auto& c : commands)
    out << "                '" << c.name << ":" << zsh_quoted_text(c.description, false) << "'\n";
  out << "            )\n"
      << "            _describe -t subcommands 'subcommand' subcommands\n"
      << "            ;;\n"
      << "        args)\n"
      << "            case $words[1] in\n";
  for (const auto& c : commands) {
    out << "                " << c.name << ")\n"
        << "                    _arguments \\\n";
    for (const auto& o : c.options) emit_zsh_option(out, o, "                        ");
    if (!c.positional_choices.empty())
      out << "                        '1:argument:(" << joined(c.positional_choices) << ")' \\\n";
    out << "                        && return 0\n"
        << "                    ;;\n";
  }
  out << "            esac\n"
      << "            ;;\n"
      << "    esac\n"
      << "}\n\n"
      << "if [[ \"${funcstack[1]}\" == \"_truto-candidates\" ]]; then\n"
      << "    _truto-candidates \"$@\"\n"
      << "else\n"
      << "    compdef _truto-candidates " << kProgram << "\n"
      << "fi\n";
}

// ---- fish -----------------------------------------------------------------------------------

std::string fish_quoted(const std::string& text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

void emit_fish_option(std::ostream& out, const std::string& condition, const OptionSpec& o) {
  out << "complete -c " << kProgram << " -n " << fish_quoted(condition);
  for (const auto& name : o.names) {
    if (name.rfind("--", 0) == 0)
      out << " -l " << name.substr(2);
    else
      out << " -s " << name.substr(1);
  }
  if (o.takes_value) {
    if (!o.choices.empty())
      out << " -x -a " << fish_quoted(joined(o.choices));
    else if (o.is_file)
      out << " -r -F";
    else
      out << " -x";
  }
  out << " -d " << fish_quoted(o.description) << "\n";
}

void emit_fish(std::ostream& out, const CLI::App& root, const std::vector<CommandSpec>& commands) {
  std::vector<std::string> sub_names;
  for (const auto& c : commands) sub_names.push_back(c.name);
  out << "# fish completion for " << kProgram << "; generated by `" << kProgram << " completion fish`.\n"
      << "# Save it as ~/.config/fish/completions/" << kProgram << ".fish, or: " << kProgram
      << " completion fish | source\n\n"
      << "complete -c " << kProgram << " -f\n";
  const std::string no_subcommand = "not __fish_seen_subcommand_from " + joined(sub_names);
  for (const auto& o : named_options(root)) emit_fish_option(out, no_subcommand, o);
  for (const auto& c : commands)
    out << "complete -c " << kProgram << " -n " << fish_quoted(no_subcommand) << " -a " << c.name << " -d "
        << fish_quoted(c.description) << "\n";
  for (const auto& c : commands) {
    out << "\n";
    const std::string in_subcommand = "__fish_seen_subcommand_from " + c.name;
    for (const auto& o : c.options) emit_fish_option(out, in_subcommand, o);
    if (!c.positional_choices.empty())
      out << "complete -c " << kProgram << " -n " << fish_quoted(in_subcommand) << " -a "
          << fish_quoted(joined(c.positional_choices)) << "\n";
  }
}

}  // namespace

CLI::App* setup_completion(CLI::App& app, CompletionOptions& o) {
  o.root = &app;
  CLI::App* cmd = app.add_subcommand("completion", "Print a shell completion script: bash, zsh or fish");
  cmd->add_option("shell", o.shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  return cmd;
}

int run_completion(const CompletionOptions& o, const Context& ctx) {
  if (o.root == nullptr) throw Error(ErrorKind::Internal, "completion: the command tree was not set up");
  const std::vector<CommandSpec> commands = command_specs(*o.root);
  if (o.shell == "bash") {
    emit_bash(ctx.out, *o.root, commands);
  } else if (o.shell == "zsh") {
    emit_zsh(ctx.out, *o.root, commands);
  } else if (o.shell == "fish") {
    emit_fish(ctx.out, *o.root, commands);
  } else {
    throw Error(ErrorKind::Usage, "unknown shell \"" + o.shell + "\"", "shells: bash, zsh, fish");
  }
  return 0;
}

}  // namespace tc::cli
