// Library that weak_import_* link weakly; weak_import_missing deletes it
// before running.
int weak_func(void) { return 77; }
int weak_var = 5;
