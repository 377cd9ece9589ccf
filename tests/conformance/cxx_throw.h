// Shared by cxx_dylib.cpp and libcxx_throw.cpp: an exception class whose
// type_info lives in the library (its key function is defined there), so
// both images name the same type_info object.
#pragma once

struct __attribute__((visibility("default"))) LibError {
    int code;
    explicit LibError(int c);
    LibError(const LibError& o);
    virtual ~LibError();
    virtual const char* what() const;
};

struct __attribute__((visibility("default"))) LibSubError : LibError {
    explicit LibSubError(int c);
    const char* what() const override;
};
