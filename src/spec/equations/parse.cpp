// A recursive-descent parser for the equation language (docs/equations.md): precedence, lowest first,
// comparisons < + - < * / < unary - < ^ (right-associative); calls f(a, b); numbers; names.
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "plastix/core/suggest.hpp"
#include "plastix/spec/equations/expr.hpp"

namespace plastix::equations {

source_ref equation_text::at(text_pos p) const {
  source_ref r = where;
  if (r.line == 0) return r;
  const bool multiline = text.find('\n') != std::string::npos;
  if (multiline) {
    r.line += p.line;
    r.column = p.column;
  } else {
    r.column += p.column;  // the quote is one character
  }
  return r;
}

error equation_text::error_at(text_pos p, const std::string& message) const {
  const source_ref r = at(p);
  return r.column > 0 ? error(r, "column " + std::to_string(r.column) + ": " + message) : error(r, message);
}

const std::vector<function_info>& functions() {
  static const std::vector<function_info> f = {{"exp", 1}, {"log", 1},  {"sqrt", 1}, {"abs", 1},
                                               {"min", 2}, {"max", 2},  {"clip", 3}, {"heaviside", 1}};
  return f;
}

namespace {

class parser {
 public:
  parser(const equation_text& t, bool odes) : t_(t), s_(t.text), odes_(odes) {}

  std::vector<statement> all() {
    std::vector<statement> out;
    for (;;) {
      skip_blank(true);
      if (i_ >= s_.size()) break;
      if (s_[i_] == ';' || s_[i_] == '\n') {
        advance();
        continue;
      }
      out.push_back(one());
      skip_blank(false);
      if (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != ';')
        fail(here(), std::string("unexpected '") + s_[i_] + "' after the statement; one statement a line (or separate them with ';')");
    }
    return out;
  }

  // The whole text as one expression (a threshold condition).
  expr only_expression() {
    skip_blank(true);
    if (i_ >= s_.size()) fail(here(), "expected an expression, e.g. v > v_th");
    expr e = expression();
    skip_blank(true);
    if (i_ < s_.size()) fail(here(), std::string("unexpected '") + s_[i_] + "' after the expression; give one expression");
    return e;
  }

 private:
  [[noreturn]] void fail(text_pos p, const std::string& message) const { throw t_.error_at(p, message); }
  text_pos here() const { return pos_; }
  void advance() {
    if (s_[i_] == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else {
      ++pos_.column;
    }
    ++i_;
  }
  // Spaces, tabs and comments; line breaks too when `newlines`.
  void skip_blank(bool newlines) {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) advance();
      else if (c == '#')
        while (i_ < s_.size() && s_[i_] != '\n') advance();
      else break;
    }
  }
  void skip() { skip_blank(false); }
  bool at_name() const { return i_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'); }
  std::string name() {
    std::string n;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) {
      n += s_[i_];
      advance();
    }
    return n;
  }
  bool eat(std::string_view tok) {
    skip();
    if (s_.compare(i_, tok.size(), tok) != 0) return false;
    for (std::size_t k = 0; k < tok.size(); ++k) advance();
    return true;
  }
  void expect(std::string_view tok, const std::string& what) {
    if (!eat(tok)) fail(here(), "expected " + what + (i_ < s_.size() && s_[i_] != '\n' ? std::string(", got '") + s_[i_] + "'" : std::string(" before the end of the line")));
  }

  statement one() {
    statement st;
    st.pos = here();
    if (!at_name()) fail(here(), "a statement starts with the name of the variable it sets (x = ..., x += ..., dx/dt = ...)");
    std::string target = name();
    skip();
    // dx/dt = ...
    if (target.size() > 1 && target[0] == 'd' && i_ < s_.size() && s_[i_] == '/') {
      const std::size_t save = i_;
      const text_pos save_pos = pos_;
      advance();
      skip();
      if (at_name() && name() == "dt") {
        if (!odes_) fail(st.pos, "an ODE (d" + target.substr(1) + "/dt = ...) belongs in the `equations` key, not in an event's statements");
        st.target = target.substr(1);
        st.what = statement::op::ode;
        expect("=", "'=' after d" + st.target + "/dt");
        st.value = expression();
        return st;
      }
      i_ = save;
      pos_ = save_pos;
    }
    st.target = target;
    if (eat("+=")) st.what = statement::op::add;
    else if (eat("-=")) st.what = statement::op::sub;
    else if (eat("*=")) st.what = statement::op::mul;
    else if (eat("=")) st.what = statement::op::assign;
    else fail(here(), "expected '=', '+=', '-=' or '*=' after '" + target + "'");
    if (odes_ && st.what != statement::op::assign)  // x = e there: a named expression (spec/equations/check.cpp)
      fail(st.pos, "the `equations` key holds ODEs (d" + target + "/dt = ...) and named expressions (" + target +
                       " = ...); set '" + target + "' in on_pre or on_post");
    st.value = expression();
    return st;
  }

  expr node(expr::kind k, text_pos p, std::vector<expr> args) {
    expr e;
    e.type = k;
    e.pos = p;
    e.args = std::move(args);
    return e;
  }

  expr expression() {
    expr a = sum();
    skip();
    const text_pos p = here();
    for (auto [tok, k] : {std::pair{"<=", expr::kind::less_eq}, std::pair{">=", expr::kind::greater_eq},
                          std::pair{"<", expr::kind::less}, std::pair{">", expr::kind::greater}})
      if (eat(tok)) return node(k, p, {std::move(a), sum()});
    return a;
  }
  expr sum() {
    expr a = product();
    for (;;) {
      skip();
      const text_pos p = here();
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-') && !(i_ + 1 < s_.size() && s_[i_ + 1] == '=')) {
        const bool plus = s_[i_] == '+';
        advance();
        a = node(plus ? expr::kind::add : expr::kind::sub, p, {std::move(a), product()});
      } else return a;
    }
  }
  expr product() {
    expr a = unary();
    for (;;) {
      skip();
      const text_pos p = here();
      if (i_ < s_.size() && (s_[i_] == '*' || s_[i_] == '/') && !(i_ + 1 < s_.size() && (s_[i_ + 1] == '=' || s_[i_ + 1] == '*'))) {
        const bool times = s_[i_] == '*';
        advance();
        a = node(times ? expr::kind::mul : expr::kind::div, p, {std::move(a), unary()});
      } else return a;
    }
  }
  expr unary() {
    skip();
    const text_pos p = here();
    if (eat("-")) return node(expr::kind::negate, p, {unary()});
    if (eat("+")) return unary();
    return power();
  }
  expr power() {
    expr a = atom();
    skip();
    const text_pos p = here();
    if (eat("^") || eat("**")) return node(expr::kind::pow, p, {std::move(a), unary()});
    return a;
  }
  expr atom() {
    skip();
    const text_pos p = here();
    if (i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == ';') fail(p, "expected a value (a number, a name or a parenthesis) before the end of the statement");
    const char c = s_[i_];
    if (c == '(') {
      advance();
      expr e = expression();
      expect(")", "')'");
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* begin = s_.data() + i_;
      char* end = nullptr;
      const double v = std::strtod(begin, &end);
      if (end == begin) fail(p, "this is not a number");
      for (const char* q = begin; q < end; ++q) advance();
      expr e = node(expr::kind::number, p, {});
      e.value = v;
      return e;
    }
    if (!at_name()) fail(p, std::string("unexpected '") + c + "'");
    std::string n = name();
    skip();
    if (i_ < s_.size() && s_[i_] == '(') {
      advance();
      expr e = node(expr::kind::call, p, {});
      e.name = n;
      skip();
      if (!eat(")")) {
        for (;;) {
          e.args.push_back(expression());
          if (eat(")")) break;
          expect(",", "',' or ')'");
        }
      }
      const function_info* f = nullptr;
      std::vector<std::string> names;
      for (const function_info& fi : functions()) {
        names.push_back(fi.name);
        if (n == fi.name) f = &fi;
      }
      if (!f) fail(p, "unknown function '" + n + "';" + suggestion(n, names));
      if (static_cast<int>(e.args.size()) != f->arity)
        fail(p, n + "() takes " + std::to_string(f->arity) + " argument" + (f->arity == 1 ? "" : "s") + ", got " +
                    std::to_string(e.args.size()));
      return e;
    }
    expr e = node(expr::kind::name, p, {});
    e.name = n;
    return e;
  }

  const equation_text& t_;
  const std::string& s_;
  bool odes_;
  std::size_t i_ = 0;
  text_pos pos_;
};

}  // namespace

std::vector<statement> parse_statements(const equation_text& text, bool odes) { return parser(text, odes).all(); }

expr parse_expression(const equation_text& text) { return parser(text, false).only_expression(); }

}  // namespace plastix::equations
