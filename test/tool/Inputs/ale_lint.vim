" Lints $FILE with ALE as a user's :ALELint would, waits for the linters to
" finish (at most 60 s), and writes to $OUT the commands ALE ran, as
" "command: <command>", and the findings, one per line as
" <line>:<column>: <E|W|I>: <text>. Sourced by the vimrc that
" editor_settings.py writes.
" $BUILD, when set, is the build directory (g:ale_c_build_dir): the tests'
" projects lie inside this project's build tree, whose compile_commands.json
" ALE would otherwise find first.
if !empty($BUILD)
  let g:ale_c_build_dir = $BUILD
endif
execute 'edit' fnameescape($FILE)
ALELint
let s:waited = 0
while ale#engine#IsCheckingBuffer(bufnr('')) && s:waited < 600
  sleep 100m
  let s:waited += 1
endwhile
let s:commands = map(ale#history#Get(bufnr('')),
      \ {_, v -> 'command: ' . (type(v.command) == v:t_list ? join(v.command) : v.command)})
let s:findings = map(copy(ale#engine#GetLoclist(bufnr(''))),
      \ {_, v -> printf('%d:%d: %s: %s', v.lnum, v.col, v.type, v.text)})
if s:waited >= 600
  call add(s:findings, 'ale_lint.vim: timed out')
endif
call writefile(s:commands + s:findings, $OUT)
qa!
